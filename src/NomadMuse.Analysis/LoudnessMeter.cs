using System.Runtime.CompilerServices;

namespace NomadMuse.Analysis;

/// <summary>
/// A streaming loudness meter after ITU-R BS.1770-4 and EBU R128 (Tech 3341 "EBU Mode", Tech 3342 loudness range):
/// momentary, short-term and integrated loudness, loudness range, true peak and sample peak.
/// </summary>
/// <remarks>
/// <para>
/// Each channel is K-weighted (<see cref="KWeighting"/>, two biquads in double precision, designed for the meter's
/// sample rate), squared, weighted (L, R, C 1.0; Ls, Rs 1.41; LFE 0) and summed into 5 ms sub-blocks. Momentary
/// (400 ms) and short-term (3 s) loudness are re-evaluated at every sub-block, which is what their maxima are
/// taken over (Tech 3341 cases 10 and 13 shift bursts by fractions of the 100 ms hop). Integrated loudness uses
/// 400 ms blocks every 100 ms (75 % overlap) with the −70 LUFS absolute and −10 LU relative gates; loudness range
/// uses 3 s blocks every 100 ms with the −70 LUFS and −20 LU gates and the 10th to 95th percentile spread. Gating
/// keeps histograms of 0.01 LU resolution, so memory is constant however long the programme.
/// </para>
/// <para>
/// True peak over-samples every channel 4× (2× from 176.4 kHz) with a polyphase windowed-sinc interpolator (see
/// <c>docs/analysis.md</c>). Filter states below 1e-30 are snapped to zero at every sub-block, so silence after
/// sound never produces denormals.
/// </para>
/// <para>
/// Threading: <see cref="Push"/> is meant for the audio thread and allocates nothing; <see cref="Read"/> does not
/// allocate either but must not run concurrently with <see cref="Push"/> (call both from the same thread, or
/// hand readings to other threads yourself).
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var meter = new LoudnessMeter(48_000, channels: 2);
/// meter.Push(interleavedBuffer);            // on the audio thread, any buffer size
/// LoudnessReading r = meter.Read();          // r.IntegratedLufs, r.TruePeakDbtp, …
/// </code>
/// </example>
public sealed class LoudnessMeter
{
    /// <summary>The weight BS.1770 gives to the surround channels (+1.5 dB).</summary>
    public const double SurroundWeight = 1.41;

    /// <summary>Sub-blocks per second: momentary and short-term loudness are evaluated every 5 ms.</summary>
    private const int SubBlocksPerSecond = 200;
    private const int MomentarySubBlocks = 80;   // 400 ms
    private const int ShortTermSubBlocks = 600;  // 3 s
    private const int HopSubBlocks = 20;         // 100 ms
    private const double DenormalFloor = 1e-30;

    private readonly double[] _weights;
    private readonly BiquadCoefficients _shelf;
    private readonly BiquadCoefficients _highPass;
    private readonly double[] _state; // per channel: shelf z1, z2, high-pass z1, z2
    private readonly double[] _subEnergy = new double[ShortTermSubBlocks];
    private readonly int[] _subSamples = new int[ShortTermSubBlocks];
    private readonly LoudnessHistogram _integrated = new();
    private readonly LoudnessHistogram _range = new();
    private readonly TruePeakDetector _peaks;

    private long _samples;          // frames pushed so far
    private long _subBlocks;        // completed sub-blocks
    private long _subBlockEnd;      // frame index where the current sub-block ends
    private double _accEnergy;      // weighted Σy² of the current sub-block
    private double _momentary = double.NegativeInfinity;
    private double _momentaryMax = double.NegativeInfinity;
    private double _shortTerm = double.NegativeInfinity;
    private double _shortTermMax = double.NegativeInfinity;

    /// <summary>Creates a meter with the BS.1770 channel weights for a standard layout.</summary>
    /// <param name="sampleRate">Sample rate in Hz, 8 000 to 768 000.</param>
    /// <param name="channels">1 to 6 channels in the order of <see cref="DefaultChannelWeights"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public LoudnessMeter(int sampleRate, int channels)
        : this(sampleRate, DefaultChannelWeights(channels))
    {
    }

    /// <summary>Creates a meter with explicit per-channel weights (one per interleaved channel; 0 excludes one).</summary>
    /// <param name="sampleRate">Sample rate in Hz, 8 000 to 768 000.</param>
    /// <param name="channelWeights">BS.1770 weights <c>G_i</c>, finite and non-negative, 1 to 64 of them.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="channelWeights"/> is null.</exception>
    public LoudnessMeter(int sampleRate, IReadOnlyList<double> channelWeights)
    {
        ArgumentNullException.ThrowIfNull(channelWeights);
        if (sampleRate < KWeighting.MinSampleRate || sampleRate > 768_000)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be from 8000 to 768000 Hz.");
        }

        if (channelWeights.Count is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(channelWeights), channelWeights.Count, "There must be 1 to 64 channels.");
        }

        _weights = new double[channelWeights.Count];
        for (int c = 0; c < _weights.Length; c++)
        {
            double w = channelWeights[c];
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(channelWeights), w, $"Channel {c}'s weight must be finite and non-negative.");
            }

            _weights[c] = w;
        }

        SampleRate = sampleRate;
        _shelf = KWeighting.Shelf(sampleRate);
        _highPass = KWeighting.HighPass(sampleRate);
        _state = new double[4 * _weights.Length];
        _peaks = new TruePeakDetector(sampleRate, _weights.Length);
        _subBlockEnd = SubBlockEnd(0);
    }

    /// <summary>The sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>The number of interleaved channels <see cref="Push"/> expects.</summary>
    public int Channels => _weights.Length;

    /// <summary>The number of frames (samples per channel) pushed since construction or <see cref="Reset"/>.</summary>
    public long FramesProcessed => _samples;

    /// <summary>The K-weighting filter states (shelf z1, z2, high-pass z1, z2 per channel), for tests.</summary>
    internal ReadOnlySpan<double> FilterState => _state;

    /// <summary>The true-peak over-sampling factor in use: 4, or 2 from 176.4 kHz.</summary>
    public int TruePeakOversampling => _peaks.Oversampling;

    /// <summary>
    /// The BS.1770 weights for a standard channel count: 1 mono [1]; 2 L R [1, 1]; 3 L R C [1, 1, 1];
    /// 4 L R Ls Rs [1, 1, 1.41, 1.41]; 5 L R C Ls Rs [1, 1, 1, 1.41, 1.41];
    /// 6 L R C LFE Ls Rs (WAV/SMPTE order) [1, 1, 1, 0, 1.41, 1.41].
    /// </summary>
    /// <param name="channels">1 to 6.</param>
    /// <returns>A new array of weights.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channels"/> is not 1 to 6.</exception>
    /// <remarks>A mono signal is weighted 1, so a mono −23 dBFS 1 kHz sine reads −26 LUFS (BS.1770; some tools treat mono as dual-mono and read −23).</remarks>
    public static double[] DefaultChannelWeights(int channels) => channels switch
    {
        1 => [1.0],
        2 => [1.0, 1.0],
        3 => [1.0, 1.0, 1.0],
        4 => [1.0, 1.0, SurroundWeight, SurroundWeight],
        5 => [1.0, 1.0, 1.0, SurroundWeight, SurroundWeight],
        6 => [1.0, 1.0, 1.0, 0.0, SurroundWeight, SurroundWeight],
        _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "Standard layouts have 1 to 6 channels; pass explicit weights for others."),
    };

    /// <summary>Measures a buffer of interleaved samples (full scale ±1.0).</summary>
    /// <param name="interleaved">Whole frames: a multiple of <see cref="Channels"/> samples, any number of them.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="Channels"/>.</exception>
    /// <remarks>Audio thread; does not allocate or lock.</remarks>
    public void Push(ReadOnlySpan<float> interleaved)
    {
        int channels = _weights.Length;
        if (interleaved.Length % channels != 0)
        {
            throw new ArgumentException($"The buffer holds {interleaved.Length} samples, not a whole number of {channels}-channel frames.", nameof(interleaved));
        }

        while (!interleaved.IsEmpty)
        {
            long frames = Math.Min(interleaved.Length / channels, _subBlockEnd - _samples);
            ReadOnlySpan<float> chunk = interleaved[..(int)(frames * channels)];
            for (int c = 0; c < channels; c++)
            {
                if (c + 1 < channels && _weights[c] > 0 && _weights[c + 1] > 0)
                {
                    // Two independent recursions interleave in the pipeline: about twice the throughput of one.
                    (double first, double second) = FilterChannelPair(chunk, c, channels);
                    _accEnergy += (_weights[c] * first) + (_weights[c + 1] * second);
                    _peaks.Process(chunk, c);
                    _peaks.Process(chunk, ++c);
                    continue;
                }

                if (_weights[c] > 0)
                {
                    _accEnergy += _weights[c] * FilterChannel(chunk, c, channels);
                }

                _peaks.Process(chunk, c);
            }

            _samples += frames;
            interleaved = interleaved[chunk.Length..];
            if (_samples == _subBlockEnd)
            {
                CompleteSubBlock();
            }
        }
    }

    /// <summary>The current readings.</summary>
    /// <returns>A snapshot; see <see cref="LoudnessReading"/> for what −∞ means.</returns>
    /// <remarks>Does not allocate (the reading is a struct); same thread as <see cref="Push"/>. Cost: a scan of two 8 000-bin histograms.</remarks>
    public LoudnessReading Read()
    {
        float truePeak = 0, samplePeak = 0;
        for (int c = 0; c < _weights.Length; c++)
        {
            truePeak = MathF.Max(truePeak, _peaks.ChannelTruePeak[c]);
            samplePeak = MathF.Max(samplePeak, _peaks.ChannelSamplePeak[c]);
        }

        return new LoudnessReading(
            _integrated.GatedLoudness(-10.0),
            _momentary,
            _momentaryMax,
            _shortTerm,
            _shortTermMax,
            _range.GatedRange(-20.0, 0.10, 0.95),
            Loudness.AmplitudeToDb(truePeak),
            Loudness.AmplitudeToDb(samplePeak));
    }

    /// <summary>Forgets everything measured, as if newly constructed.</summary>
    /// <remarks>Does not allocate; same thread as <see cref="Push"/>.</remarks>
    public void Reset()
    {
        Array.Clear(_state);
        Array.Clear(_subEnergy);
        Array.Clear(_subSamples);
        _integrated.Clear();
        _range.Clear();
        _peaks.Reset();
        _samples = 0;
        _subBlocks = 0;
        _subBlockEnd = SubBlockEnd(0);
        _accEnergy = 0;
        _momentary = _momentaryMax = _shortTerm = _shortTermMax = double.NegativeInfinity;
    }

    // Sub-block k ends at frame round((k + 1)·fs / 200), so blocks keep exact time at rates not divisible by 200.
    private long SubBlockEnd(long index) => (((index + 1) * SampleRate) + (SubBlocksPerSecond / 2)) / SubBlocksPerSecond;

    /// <summary>Runs one channel of <paramref name="chunk"/> through the K-weighting and returns Σy².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double FilterChannel(ReadOnlySpan<float> chunk, int channel, int channels)
    {
        BiquadCoefficients s = _shelf, h = _highPass;
        Span<double> state = _state.AsSpan(4 * channel, 4);
        double s1 = state[0], s2 = state[1], h1 = state[2], h2 = state[3];
        double sum = 0;
        for (int i = channel; i < chunk.Length; i += channels)
        {
            double x = chunk[i];
            // Transposed direct form II for both sections.
            double y = (s.B0 * x) + s1;
            s1 = (s.B1 * x) - (s.A1 * y) + s2;
            s2 = (s.B2 * x) - (s.A2 * y);
            double z = (h.B0 * y) + h1;
            h1 = (h.B1 * y) - (h.A1 * z) + h2;
            h2 = (h.B2 * y) - (h.A2 * z);
            sum += z * z;
        }

        state[0] = Flush(s1);
        state[1] = Flush(s2);
        state[2] = Flush(h1);
        state[3] = Flush(h2);
        return sum;
    }

    /// <summary>As <see cref="FilterChannel"/> for channels <paramref name="channel"/> and the next one at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (double First, double Second) FilterChannelPair(ReadOnlySpan<float> chunk, int channel, int channels)
    {
        BiquadCoefficients s = _shelf, h = _highPass;
        Span<double> state = _state.AsSpan(4 * channel, 8);
        double s1 = state[0], s2 = state[1], h1 = state[2], h2 = state[3];
        double t1 = state[4], t2 = state[5], g1 = state[6], g2 = state[7];
        double sum = 0, sum2 = 0;
        for (int i = channel; i + 1 < chunk.Length; i += channels)
        {
            double x = chunk[i];
            double u = chunk[i + 1];
            double y = (s.B0 * x) + s1;
            double v = (s.B0 * u) + t1;
            s1 = (s.B1 * x) - (s.A1 * y) + s2;
            t1 = (s.B1 * u) - (s.A1 * v) + t2;
            s2 = (s.B2 * x) - (s.A2 * y);
            t2 = (s.B2 * u) - (s.A2 * v);
            double z = (h.B0 * y) + h1;
            double w = (h.B0 * v) + g1;
            h1 = (h.B1 * y) - (h.A1 * z) + h2;
            g1 = (h.B1 * v) - (h.A1 * w) + g2;
            h2 = (h.B2 * y) - (h.A2 * z);
            g2 = (h.B2 * v) - (h.A2 * w);
            sum += z * z;
            sum2 += w * w;
        }

        state[0] = Flush(s1);
        state[1] = Flush(s2);
        state[2] = Flush(h1);
        state[3] = Flush(h2);
        state[4] = Flush(t1);
        state[5] = Flush(t2);
        state[6] = Flush(g1);
        state[7] = Flush(g2);
        return (sum, sum2);
    }

    private static double Flush(double v) => Math.Abs(v) < DenormalFloor ? 0.0 : v;

    private void CompleteSubBlock()
    {
        int slot = (int)(_subBlocks % ShortTermSubBlocks);
        _subEnergy[slot] = _accEnergy;
        _subSamples[slot] = (int)(_subBlockEnd - SubBlockStart(_subBlocks));
        _accEnergy = 0;
        _subBlocks++;
        _subBlockEnd = SubBlockEnd(_subBlocks);

        if (_subBlocks >= MomentarySubBlocks)
        {
            double meanSquare = WindowMeanSquare(MomentarySubBlocks);
            _momentary = Loudness.FromMeanSquare(meanSquare);
            _momentaryMax = Math.Max(_momentaryMax, _momentary);
            if ((_subBlocks - MomentarySubBlocks) % HopSubBlocks == 0)
            {
                _integrated.Add(meanSquare);
            }
        }

        if (_subBlocks >= ShortTermSubBlocks)
        {
            double meanSquare = WindowMeanSquare(ShortTermSubBlocks);
            _shortTerm = Loudness.FromMeanSquare(meanSquare);
            _shortTermMax = Math.Max(_shortTermMax, _shortTerm);
            if ((_subBlocks - ShortTermSubBlocks) % HopSubBlocks == 0)
            {
                _range.Add(meanSquare);
            }
        }
    }

    private long SubBlockStart(long index) => index == 0 ? 0 : SubBlockEnd(index - 1);

    /// <summary>The weighted mean square over the last <paramref name="count"/> completed sub-blocks.</summary>
    private double WindowMeanSquare(int count)
    {
        double energy = 0;
        long samples = 0;
        int slot = (int)(_subBlocks % ShortTermSubBlocks);
        for (int i = 0; i < count; i++)
        {
            slot = slot == 0 ? ShortTermSubBlocks - 1 : slot - 1;
            energy += _subEnergy[slot];
            samples += _subSamples[slot];
        }

        return energy / samples;
    }
}
