using NomadMuse.Core.Dsp.Resampling;

namespace NomadMuse.Classification.Features;

/// <summary>
/// The real-time front end of the classifier: turns each incoming mono block (typically 50 ms, any sample rate) into
/// the CNN input patch <c>[1, MelBins, FrameCount]</c> of standardised log-mel values.
/// </summary>
/// <remarks>
/// <para>
/// Each block is resampled to <see cref="FeatureSettings.SampleRate"/> (streaming, so block boundaries are seamless)
/// and appended to a history of the last <c>FftSize + (FrameCount − 1) · HopLength</c> samples. The patch is the
/// <see cref="FrameCount"/> most recent uncentred frames, oldest first: mel power → <c>power_to_db</c> (top-dB clamp
/// relative to the patch maximum) → per-band <see cref="FeatureNormalization"/>. Until the history has filled, the
/// missing past is zeros.
/// </para>
/// <para>
/// With the defaults (1024-sample frames, 441 hop, 5 frames) a patch covers 2,788 samples = 126 ms and is refreshed
/// every block; the newest frame always ends at the newest sample.
/// </para>
/// </remarks>
public sealed class FrameFeatures
{
    private readonly FeatureSettings _settings;
    private readonly PolyphaseResampler? _resampler;
    private readonly MelSpectrogram _mel;
    private readonly FeatureNormalization _normalization;
    private readonly float[] _resampled;
    private readonly float[] _history;
    private readonly float[] _melColumn;

    /// <summary>Creates the front end.</summary>
    /// <param name="settings">Front-end settings (mel bins, frame size, hop, dB scaling).</param>
    /// <param name="inputSampleRate">The rate of the blocks passed to <see cref="Process"/>, in Hz.</param>
    /// <param name="frameCount">Frames per patch (1 … 64); 5 is the proposed CNN input (see docs/classification.md).</param>
    /// <param name="maxBlockLength">The longest block <see cref="Process"/> accepts, in input samples.</param>
    /// <param name="normalization">Per-band statistics, or null for none (identity).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">The normalisation's channel count differs from the mel bins.</exception>
    public FrameFeatures(FeatureSettings settings, int inputSampleRate, int frameCount = 5, int maxBlockLength = 8192, FeatureNormalization? normalization = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (frameCount is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(frameCount), frameCount, "Frames per patch must be 1 … 64.");
        }

        if (inputSampleRate is < 1000 or > 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSampleRate), inputSampleRate, "The input rate must be 1,000 … 1,000,000 Hz.");
        }

        if (maxBlockLength is < 1 or > 1 << 20)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBlockLength), maxBlockLength, "The maximum block length must be 1 … 2^20 samples.");
        }

        normalization ??= FeatureNormalization.Identity(settings.MelBins);
        if (normalization.Channels != settings.MelBins)
        {
            throw new ArgumentException($"The normalisation has {normalization.Channels} channels, the settings {settings.MelBins} mel bins.", nameof(normalization));
        }

        _settings = settings;
        _normalization = normalization;
        InputSampleRate = inputSampleRate;
        FrameCount = frameCount;
        MaxBlockLength = maxBlockLength;
        if (inputSampleRate != settings.SampleRate)
        {
            _resampler = new PolyphaseResampler(inputSampleRate, settings.SampleRate);
            _resampled = new float[_resampler.GetMaxOutputLength(maxBlockLength)];
        }
        else
        {
            _resampled = [];
        }

        _mel = new MelSpectrogram(settings);
        _history = new float[settings.FftSize + ((frameCount - 1) * settings.HopLength)];
        _melColumn = new float[settings.MelBins];
    }

    /// <summary>The rate of the input blocks, in Hz.</summary>
    public int InputSampleRate { get; }

    /// <summary>Frames (time steps) per patch.</summary>
    public int FrameCount { get; }

    /// <summary>Mel bands per frame (the patch height).</summary>
    public int MelBins => _settings.MelBins;

    /// <summary>The longest block accepted, in input samples.</summary>
    public int MaxBlockLength { get; }

    /// <summary>The patch size in floats: <c>MelBins × FrameCount</c> (one channel).</summary>
    public int PatchLength => _settings.MelBins * FrameCount;

    /// <summary>Samples at the feature rate covered by one patch.</summary>
    public int HistoryLength => _history.Length;

    /// <summary>Consumes one block and writes the current patch.</summary>
    /// <param name="block">Mono samples at <see cref="InputSampleRate"/>, at most <see cref="MaxBlockLength"/>.</param>
    /// <param name="patch">Receives <see cref="PatchLength"/> values, band-major: <c>patch[m · FrameCount + t]</c> (a <c>[1, MelBins, FrameCount]</c> tensor).</param>
    /// <exception cref="ArgumentException">The block is too long or the patch has the wrong length.</exception>
    /// <remarks>Real-time safe: does not allocate or lock. Call from one thread (the audio or analysis thread).</remarks>
    public void Process(ReadOnlySpan<float> block, Span<float> patch)
    {
        if (block.Length > MaxBlockLength)
        {
            throw new ArgumentException($"The block has {block.Length} samples; the maximum is {MaxBlockLength}.", nameof(block));
        }

        if (patch.Length != PatchLength)
        {
            throw new ArgumentException($"The patch needs exactly {PatchLength} values, got {patch.Length}.", nameof(patch));
        }

        ReadOnlySpan<float> fresh = block;
        if (_resampler is not null)
        {
            int n = _resampler.Process(block, _resampled);
            fresh = _resampled.AsSpan(0, n);
        }

        AppendToHistory(fresh);

        int frames = FrameCount;
        int hop = _settings.HopLength;
        int fftSize = _settings.FftSize;
        for (int t = 0; t < frames; t++)
        {
            _mel.ComputeFrame(_history.AsSpan(t * hop, fftSize), _melColumn);
            for (int m = 0; m < _melColumn.Length; m++)
            {
                patch[(m * frames) + t] = _melColumn[m];
            }
        }

        DecibelScale.PowerToDb(patch, _settings.AmplitudeFloor, _settings.ReferencePower, _settings.TopDb);
        _normalization.Apply(patch, frames);
    }

    /// <summary>Forgets the history and the resampler state.</summary>
    /// <remarks>Does not allocate; not concurrently with <see cref="Process"/>.</remarks>
    public void Reset()
    {
        Array.Clear(_history);
        _resampler?.Reset();
    }

    private void AppendToHistory(ReadOnlySpan<float> fresh)
    {
        int length = _history.Length;
        if (fresh.Length >= length)
        {
            fresh[^length..].CopyTo(_history);
            return;
        }

        _history.AsSpan(fresh.Length).CopyTo(_history);
        fresh.CopyTo(_history.AsSpan(length - fresh.Length));
    }
}
