using NomadMuse.Core.Dsp;

namespace NomadMuse.Classification.Features;

/// <summary>
/// Mel spectrogram of mono audio: Hann-windowed frames → real FFT → |X|^power → mel filters, as
/// <c>librosa.feature.melspectrogram</c> computes it.
/// </summary>
/// <remarks>
/// Output layout follows librosa: mel-major, <c>output[m · frames + t]</c>. The instance owns FFT and frame scratch,
/// so one instance serves one thread at a time.
/// </remarks>
public sealed class MelSpectrogram
{
    private readonly RealFft _fft;
    private readonly float[] _window;   // FftSize long, the Hann window centred with zero padding
    private readonly float[] _frame;
    private readonly float[] _spectrum;
    private readonly float[] _power;
    private readonly float[] _melColumn;

    /// <summary>Creates the transform for <paramref name="settings"/>.</summary>
    /// <param name="settings">Front-end settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public MelSpectrogram(FeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        FilterBank = new MelFilterBank(settings);
        _fft = new RealFft(settings.FftSize);
        _window = new float[settings.FftSize];
        int leftPad = (settings.FftSize - settings.WindowLength) / 2;
        WindowFunctions.Hann(_window.AsSpan(leftPad, settings.WindowLength), WindowSymmetry.Periodic);
        _frame = new float[settings.FftSize];
        _spectrum = new float[_fft.OutputLength];
        _power = new float[_fft.BinCount];
        _melColumn = new float[settings.MelBins];
    }

    /// <summary>The settings in use.</summary>
    public FeatureSettings Settings { get; }

    /// <summary>The mel filters.</summary>
    public MelFilterBank FilterBank { get; }

    /// <summary>The number of frames the offline transform produces for <paramref name="signalLength"/> samples.</summary>
    /// <param name="signalLength">Signal length in samples.</param>
    /// <returns><c>1 + len / hop</c> when centred; <c>1 + (len − n_fft) / hop</c> (or 0 when too short) otherwise.</returns>
    public int GetFrameCount(int signalLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(signalLength);
        if (Settings.Center)
        {
            return 1 + (signalLength / Settings.HopLength);
        }

        return signalLength < Settings.FftSize ? 0 : 1 + ((signalLength - Settings.FftSize) / Settings.HopLength);
    }

    /// <summary>Computes the mel spectrogram of a whole signal.</summary>
    /// <param name="signal">Mono samples at <see cref="FeatureSettings.SampleRate"/>.</param>
    /// <param name="output">At least <c>MelBins × GetFrameCount(signal.Length)</c> floats, mel-major.</param>
    /// <returns>The number of frames written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short.</exception>
    /// <remarks>Does not allocate. One thread at a time per instance.</remarks>
    public int Compute(ReadOnlySpan<float> signal, Span<float> output)
    {
        int frames = GetFrameCount(signal.Length);
        int mels = Settings.MelBins;
        if (output.Length < frames * mels)
        {
            throw new ArgumentException($"The output needs {frames * mels} floats ({mels} mels × {frames} frames), got {output.Length}.", nameof(output));
        }

        int n = Settings.FftSize;
        int pad = Settings.Center ? n / 2 : 0;
        for (int t = 0; t < frames; t++)
        {
            // Frame t covers padded samples [t·hop, t·hop + n); the padding is zeros (pad_mode='constant').
            int start = (t * Settings.HopLength) - pad;
            for (int i = 0; i < n; i++)
            {
                int s = start + i;
                _frame[i] = (uint)s < (uint)signal.Length ? signal[s] : 0f;
            }

            ComputeFrame(_frame, _melColumn);
            for (int m = 0; m < mels; m++)
            {
                output[(m * frames) + t] = _melColumn[m];
            }
        }

        return frames;
    }

    /// <summary>Computes the mel spectrum of one frame of <see cref="FeatureSettings.FftSize"/> samples.</summary>
    /// <param name="frame">Exactly <c>FftSize</c> samples (the window is applied here).</param>
    /// <param name="mel">Receives <c>MelBins</c> values.</param>
    /// <exception cref="ArgumentException">A buffer has the wrong length.</exception>
    /// <remarks>Real-time safe: does not allocate or lock. One thread at a time per instance.</remarks>
    public void ComputeFrame(ReadOnlySpan<float> frame, Span<float> mel)
    {
        if (frame.Length != Settings.FftSize)
        {
            throw new ArgumentException($"A frame has exactly {Settings.FftSize} samples, got {frame.Length}.", nameof(frame));
        }

        Span<float> windowed = _frame;
        if (!frame.Overlaps(windowed))
        {
            frame.CopyTo(windowed);
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(windowed, _window, windowed);
        _fft.Forward(windowed, _spectrum);
        RealFft.PowerSpectrum(_spectrum, _power);
        if (Settings.Power == 1.0)
        {
            System.Numerics.Tensors.TensorPrimitives.Sqrt(_power, _power);
        }

        FilterBank.Apply(_power, mel);
    }
}
