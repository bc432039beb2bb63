using System.Numerics;
using NomadMuse.Core.Dsp;

using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>
/// Streaming tonal balance: the power of the mid signal in seven bands (<see cref="Band"/>), smoothed over
/// time and averaged over the whole programme, in dB relative to the total 20 Hz–20 kHz power and in dBFS.
/// </summary>
/// <remarks>
/// <para>
/// Method (the one <c>compute_bands.py</c> uses for the reference corpus): mid = (L + R) / 2 (mono is used as is;
/// channels beyond the first two are ignored); frames of <see cref="SpectralBalanceOptions.FftSize"/> samples, a
/// periodic Hann window, 50 % overlap, the first frame once a full window has arrived. Each one-sided power bin
/// (doubled except DC and Nyquist) goes to the band containing its centre frequency <c>k·fs/N</c>, bands being
/// half-open <c>[low, high)</c>; a band with no bin inside (above Nyquist) is absent. Band power is normalised by
/// <c>N·Σw²</c>, so the bands add up to the mean square of the signal in 20 Hz–20 kHz; <c>dBFS</c> is
/// <c>10·log10(2·power)</c>, which reads 0 dBFS for a full-scale sine.
/// </para>
/// <para>
/// <see cref="Relative"/>/<see cref="Absolute"/> are an exponential moving average of each band's power,
/// <c>P ← (1 − α)·P + α·P_frame</c>, started at the first frame's power. <see cref="LongTermRelative"/>/
/// <see cref="LongTermAbsolute"/> are the plain mean over all frames (Welch's estimate), which is what the band
/// figures of <c>shared/data/mixes/bands.csv</c> are.
/// </para>
/// <para>
/// Threading: <see cref="Push"/> is for the audio thread and allocates nothing; the level properties are structs
/// computed on read (no allocation) and must be read from the same thread as <see cref="Push"/>.
/// </para>
/// </remarks>
public sealed class SpectralBalance
{
    private readonly RealFft _fft;
    private readonly float[] _window;
    private readonly float[] _history;
    private readonly float[] _frame;
    private readonly float[] _spectrum;
    private readonly float[] _power;
    private readonly int[] _bandFirstBin = new int[SpectralBands.Count];
    private readonly int[] _bandEndBin = new int[SpectralBands.Count];
    private readonly double[] _framePower = new double[SpectralBands.Count];
    private readonly double[] _smoothed = new double[SpectralBands.Count];
    private readonly double[] _sum = new double[SpectralBands.Count];
    private readonly int _presentMask;
    private readonly double _normalisation;
    private readonly double _alpha;
    private readonly int _size;
    private int _writePos;
    private int _untilNextFrame;

    /// <summary>Creates an analyser.</summary>
    /// <param name="sampleRate">Sample rate in Hz, 8 000 to 768 000.</param>
    /// <param name="channels">Interleaved channels, 1 to 64 (the first two form the mid signal).</param>
    /// <param name="options">Settings; null for the defaults (4096-point frames, α = 0.1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter or option is out of range.</exception>
    public SpectralBalance(int sampleRate, int channels, SpectralBalanceOptions? options = null)
    {
        options ??= new SpectralBalanceOptions();
        if (sampleRate is < 8000 or > 768_000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be from 8000 to 768000 Hz.");
        }

        if (channels is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "There must be 1 to 64 channels.");
        }

        int size = options.FftSize;
        if (size is < 256 or > 65536 || !BitOperations.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(options), size, "FftSize must be a power of two from 256 to 65536.");
        }

        if (!(options.Smoothing > 0 && options.Smoothing <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Smoothing, "Smoothing must be in (0, 1].");
        }

        SampleRate = sampleRate;
        Channels = channels;
        _size = size;
        _alpha = options.Smoothing;
        _fft = new RealFft(size);
        _window = new float[size];
        WindowFunctions.Hann(_window, WindowSymmetry.Periodic);
        _normalisation = 1.0 / (size * WindowFunctions.SumOfSquares(_window));
        _history = new float[size];
        _frame = new float[size];
        _spectrum = new float[_fft.OutputLength];
        _power = new float[_fft.BinCount];
        _untilNextFrame = size;
        for (int b = 0; b < SpectralBands.Count; b++)
        {
            var band = (Band)b;
            // Bin k belongs to [low, high) when low ≤ k·fs/N < high, i.e. k ≥ ceil(low·N/fs), k < ceil(high·N/fs).
            long first = ((SpectralBands.LowerEdgeHz(band) * (long)size) + sampleRate - 1) / sampleRate;
            long end = ((SpectralBands.UpperEdgeHz(band) * (long)size) + sampleRate - 1) / sampleRate;
            _bandFirstBin[b] = (int)Math.Min(first, size / 2 + 1);
            _bandEndBin[b] = (int)Math.Min(end, size / 2 + 1);
            if (_bandFirstBin[b] < _bandEndBin[b])
            {
                _presentMask |= 1 << b;
            }
        }
    }

    /// <summary>The sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>The number of interleaved channels <see cref="Push"/> expects.</summary>
    public int Channels { get; }

    /// <summary>The FFT length in use.</summary>
    public int FftSize => _size;

    /// <summary>The number of frames analysed since construction or <see cref="Reset"/>.</summary>
    public long FrameCount { get; private set; }

    /// <summary>Smoothed band levels in dB relative to the total 20 Hz–20 kHz power (so they sum to 0 dB in power).</summary>
    public BandLevels Relative => Levels(_smoothed, relative: true, frames: 1);

    /// <summary>Smoothed band levels in dBFS (a full-scale sine inside one band reads 0 dBFS there).</summary>
    public BandLevels Absolute => Levels(_smoothed, relative: false, frames: 1);

    /// <summary>Band levels averaged over every frame so far (Welch), in dB relative to the total 20 Hz–20 kHz power.</summary>
    public BandLevels LongTermRelative => Levels(_sum, relative: true, frames: FrameCount);

    /// <summary>Band levels averaged over every frame so far (Welch), in dBFS.</summary>
    public BandLevels LongTermAbsolute => Levels(_sum, relative: false, frames: FrameCount);

    /// <summary>Analyses a buffer of interleaved samples.</summary>
    /// <param name="interleaved">Whole frames: a multiple of <see cref="Channels"/> samples.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="Channels"/>.</exception>
    /// <remarks>Audio thread; does not allocate or lock. Runs one FFT per half window of input.</remarks>
    public void Push(ReadOnlySpan<float> interleaved)
    {
        int channels = Channels;
        if (interleaved.Length % channels != 0)
        {
            throw new ArgumentException($"The buffer holds {interleaved.Length} samples, not a whole number of {channels}-channel frames.", nameof(interleaved));
        }

        float[] history = _history;
        for (int i = 0; i < interleaved.Length; i += channels)
        {
            float mid = channels == 1 ? interleaved[i] : 0.5f * (interleaved[i] + interleaved[i + 1]);
            history[_writePos] = mid;
            _writePos = _writePos + 1 == _size ? 0 : _writePos + 1;
            if (--_untilNextFrame == 0)
            {
                AnalyseFrame();
                _untilNextFrame = _size / 2;
            }
        }
    }

    /// <summary>Forgets everything analysed, as if newly constructed.</summary>
    /// <remarks>Does not allocate; same thread as <see cref="Push"/>.</remarks>
    public void Reset()
    {
        Array.Clear(_history);
        Array.Clear(_smoothed);
        Array.Clear(_sum);
        _writePos = 0;
        _untilNextFrame = _size;
        FrameCount = 0;
    }

    private void AnalyseFrame()
    {
        // The oldest sample sits at the write position; unroll the ring into the frame while windowing.
        int size = _size;
        int tail = size - _writePos;
        ReadOnlySpan<float> history = _history;
        Span<float> frame = _frame;
        ReadOnlySpan<float> window = _window;
        for (int i = 0; i < tail; i++)
        {
            frame[i] = history[_writePos + i] * window[i];
        }

        for (int i = 0; i < _writePos; i++)
        {
            frame[tail + i] = history[i] * window[tail + i];
        }

        _fft.Forward(frame, _spectrum);
        RealFft.PowerSpectrum(_spectrum, _power);
        int nyquist = size / 2;
        for (int b = 0; b < SpectralBands.Count; b++)
        {
            double sum = 0;
            for (int k = _bandFirstBin[b]; k < _bandEndBin[b]; k++)
            {
                sum += (k == 0 || k == nyquist) ? _power[k] : 2.0 * _power[k];
            }

            _framePower[b] = sum * _normalisation;
        }

        double alpha = FrameCount == 0 ? 1.0 : _alpha;
        for (int b = 0; b < SpectralBands.Count; b++)
        {
            _smoothed[b] += alpha * (_framePower[b] - _smoothed[b]);
            _sum[b] += _framePower[b];
        }

        FrameCount++;
    }

    // power: band powers summed over `frames` frames (1 for the moving average).
    private BandLevels Levels(double[] power, bool relative, long frames)
    {
        Span<double> db = stackalloc double[SpectralBands.Count];
        int mask = FrameCount == 0 ? 0 : _presentMask;
        double total = 0;
        for (int b = 0; b < SpectralBands.Count; b++)
        {
            total += power[b];
        }

        // A ratio to the total needs no division by the frame count; dBFS is 10·log10(2·mean power).
        double scale = relative ? 1.0 / total : 2.0 / Math.Max(1, frames);
        for (int b = 0; b < SpectralBands.Count; b++)
        {
            double value = power[b] * scale;
            db[b] = value > 0 && double.IsFinite(value) ? 10.0 * Math.Log10(value) : double.NegativeInfinity;
        }

        return new BandLevels(db, mask);
    }
}
