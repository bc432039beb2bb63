namespace NomadMuse.Classification.Features;

/// <summary>
/// Triangular mel filters over the bins of a power spectrum, built as librosa's <c>filters.mel</c> does.
/// </summary>
/// <remarks>
/// Band edges are <c>MelBins + 2</c> points equally spaced on the mel scale between the minimum and maximum
/// frequency; filter <c>m</c> rises from edge <c>m</c> to edge <c>m+1</c> and falls to edge <c>m+2</c>, evaluated at
/// the bin centre frequencies <c>k · sr / n_fft</c>. Weights are computed in double and stored as float. Each
/// filter keeps only its non-zero bin range, so <see cref="Apply"/> costs about two multiply-adds per bin.
/// </remarks>
public sealed class MelFilterBank
{
    private const double SlaneyHzPerMel = 200.0 / 3.0;
    private const double SlaneyMinLogHz = 1000.0;
    private const double SlaneyMinLogMel = SlaneyMinLogHz / SlaneyHzPerMel; // 15
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    private readonly float[] _weights; // concatenated non-zero runs
    private readonly int[] _firstBin;
    private readonly int[] _offset;
    private readonly int[] _count;

    /// <summary>Builds the filters for <paramref name="settings"/>.</summary>
    /// <param name="settings">Validated front-end settings.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public MelFilterBank(FeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        MelBins = settings.MelBins;
        BinCount = settings.BinCount;
        Scale = settings.Scale;

        double minMel = HzToMel(settings.MinFrequency, settings.Scale);
        double maxMel = HzToMel(settings.ResolvedMaxFrequency, settings.Scale);
        double[] edges = new double[MelBins + 2];
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = MelToHz(minMel + ((maxMel - minMel) * i / (MelBins + 1)), settings.Scale);
        }

        BandEdgesHz = edges;
        double binHz = (double)settings.SampleRate / settings.FftSize;
        var dense = new double[MelBins, BinCount];
        _firstBin = new int[MelBins];
        _offset = new int[MelBins];
        _count = new int[MelBins];
        int total = 0;
        for (int m = 0; m < MelBins; m++)
        {
            double lowerWidth = edges[m + 1] - edges[m];
            double upperWidth = edges[m + 2] - edges[m + 1];
            double scale = settings.Normalization == MelNormalization.Slaney ? 2.0 / (edges[m + 2] - edges[m]) : 1.0;
            int first = -1, last = -1;
            for (int k = 0; k < BinCount; k++)
            {
                double f = k * binHz;
                double rising = (f - edges[m]) / lowerWidth;
                double falling = (edges[m + 2] - f) / upperWidth;
                double w = Math.Max(0.0, Math.Min(rising, falling)) * scale;
                dense[m, k] = w;
                if (w > 0)
                {
                    first = first < 0 ? k : first;
                    last = k;
                }
            }

            _firstBin[m] = Math.Max(first, 0);
            _count[m] = first < 0 ? 0 : last - first + 1;
            total += _count[m];
        }

        _weights = new float[total];
        int pos = 0;
        for (int m = 0; m < MelBins; m++)
        {
            _offset[m] = pos;
            for (int i = 0; i < _count[m]; i++)
            {
                _weights[pos++] = (float)dense[m, _firstBin[m] + i];
            }
        }
    }

    /// <summary>The number of filters.</summary>
    public int MelBins { get; }

    /// <summary>The number of spectrum bins the filters expect (<c>n_fft / 2 + 1</c>).</summary>
    public int BinCount { get; }

    /// <summary>The mel scale used.</summary>
    public MelScale Scale { get; }

    /// <summary>The <c>MelBins + 2</c> band edges in Hz (filter <c>m</c> spans edges <c>m … m+2</c>, peak at <c>m+1</c>).</summary>
    public IReadOnlyList<double> BandEdgesHz { get; }

    /// <summary>The weight of spectrum bin <paramref name="bin"/> in filter <paramref name="mel"/> (zero outside the triangle).</summary>
    /// <param name="mel">Filter index.</param>
    /// <param name="bin">Spectrum bin index.</param>
    /// <returns>The stored float weight.</returns>
    public float GetWeight(int mel, int bin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(mel, MelBins);
        ArgumentOutOfRangeException.ThrowIfNegative(bin);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bin, BinCount);
        int i = bin - _firstBin[mel];
        return i >= 0 && i < _count[mel] ? _weights[_offset[mel] + i] : 0f;
    }

    /// <summary>Projects one power (or magnitude) spectrum onto the mel filters.</summary>
    /// <param name="spectrum"><see cref="BinCount"/> non-negative values.</param>
    /// <param name="mel">Receives <see cref="MelBins"/> values.</param>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    /// <remarks>Does not allocate; any thread (the instance is read-only after construction).</remarks>
    public void Apply(ReadOnlySpan<float> spectrum, Span<float> mel)
    {
        if (spectrum.Length < BinCount)
        {
            throw new ArgumentException($"The spectrum needs {BinCount} bins, got {spectrum.Length}.", nameof(spectrum));
        }

        if (mel.Length < MelBins)
        {
            throw new ArgumentException($"The mel buffer needs {MelBins} values, got {mel.Length}.", nameof(mel));
        }

        for (int m = 0; m < MelBins; m++)
        {
            mel[m] = System.Numerics.Tensors.TensorPrimitives.Dot(
                _weights.AsSpan(_offset[m], _count[m]),
                spectrum.Slice(_firstBin[m], _count[m]));
        }
    }

    /// <summary>Converts a frequency to mels.</summary>
    /// <param name="hz">Frequency in Hz (≥ 0).</param>
    /// <param name="scale">The mel scale.</param>
    /// <returns>The mel value (Slaney: 1 kHz = 15; HTK: 1 kHz ≈ 999.99).</returns>
    public static double HzToMel(double hz, MelScale scale)
    {
        if (scale == MelScale.Htk)
        {
            return 2595.0 * Math.Log10(1.0 + (hz / 700.0));
        }

        return hz >= SlaneyMinLogHz
            ? SlaneyMinLogMel + (Math.Log(hz / SlaneyMinLogHz) / SlaneyLogStep)
            : hz / SlaneyHzPerMel;
    }

    /// <summary>Converts mels to a frequency; the inverse of <see cref="HzToMel"/>.</summary>
    /// <param name="mel">The mel value.</param>
    /// <param name="scale">The mel scale.</param>
    /// <returns>The frequency in Hz.</returns>
    public static double MelToHz(double mel, MelScale scale)
    {
        if (scale == MelScale.Htk)
        {
            return 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);
        }

        return mel >= SlaneyMinLogMel
            ? SlaneyMinLogHz * Math.Exp(SlaneyLogStep * (mel - SlaneyMinLogMel))
            : SlaneyHzPerMel * mel;
    }
}
