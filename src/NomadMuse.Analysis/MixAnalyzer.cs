using NomadMuse.Analysis.Scoring;
using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>
/// One streaming pass over a mix that yields everything <see cref="MixReport"/> holds: EBU R128 loudness and true
/// peak, long-term tonal balance, dynamics and stereo image; <see cref="Report"/> compares them with a
/// <see cref="GenreTarget"/> and ranks suggestions.
/// </summary>
/// <remarks>
/// Threading: <see cref="Push"/> is for the audio thread and does not allocate or lock; <see cref="Report"/>
/// allocates (it builds suggestions) and must be called from the same thread as <see cref="Push"/>, or after it.
/// </remarks>
public sealed class MixAnalyzer
{
    private readonly LoudnessMeter _loudness;
    private readonly StereoImage _stereo;
    private double _sumSquares;
    private long _samples;

    /// <summary>Creates an analyser.</summary>
    /// <param name="sampleRate">Sample rate in Hz, 8 000 to 768 000.</param>
    /// <param name="channels">Interleaved channels, 1 to 6 (L R C LFE Ls Rs; the first two are analysed for stereo and balance).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public MixAnalyzer(int sampleRate, int channels, MixAnalyzerOptions? options = null)
    {
        options ??= new MixAnalyzerOptions();
        _loudness = new LoudnessMeter(sampleRate, channels);
        Balance = new SpectralBalance(sampleRate, channels, new SpectralBalanceOptions { FftSize = options.FftSize });
        _stereo = new StereoImage(sampleRate, channels, options.FftSize);
        SampleRate = sampleRate;
        Channels = channels;
    }

    /// <summary>The sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>The number of interleaved channels <see cref="Push"/> expects.</summary>
    public int Channels { get; }

    /// <summary>The spectral analyser in use (its smoothed levels are useful for live display).</summary>
    public SpectralBalance Balance { get; }

    /// <summary>Analyses a WAV or FLAC file from start to end.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <returns>An analyser holding the whole file.</returns>
    /// <exception cref="InvalidDataException">The file is not a readable WAV or FLAC file.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MixAnalyzer AnalyzeFile(string path, MixAnalyzerOptions? options = null) => AudioFileAnalysis.Analyze(path, options);

    /// <summary>Analyses a buffer of interleaved samples.</summary>
    /// <param name="interleaved">Whole frames: a multiple of <see cref="Channels"/> samples.</param>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="Channels"/>.</exception>
    /// <remarks>Audio thread; does not allocate or lock.</remarks>
    public void Push(ReadOnlySpan<float> interleaved)
    {
        _loudness.Push(interleaved);
        Balance.Push(interleaved);
        _stereo.Push(interleaved);
        double sum = 0;
        foreach (float x in interleaved)
        {
            sum += (double)x * x;
        }

        _sumSquares += sum;
        _samples += interleaved.Length;
    }

    /// <summary>Loudness so far.</summary>
    /// <returns>The reading.</returns>
    /// <remarks>Does not allocate.</remarks>
    public LoudnessReading ReadLoudness() => _loudness.Read();

    /// <summary>Stereo figures so far.</summary>
    /// <returns>The reading.</returns>
    /// <remarks>Does not allocate.</remarks>
    public StereoReading ReadStereo() => _stereo.Read();

    /// <summary>Crest factor, PLR and PSR so far.</summary>
    /// <returns>The reading.</returns>
    /// <remarks>Does not allocate.</remarks>
    public DynamicsReading ReadDynamics()
    {
        double rms = _samples == 0 || _sumSquares <= 0 ? double.NegativeInfinity : 10 * Math.Log10(_sumSquares / _samples);
        return DynamicsReading.From(_loudness.Read(), rms);
    }

    // Levels are relative to the total power, which the loudest band (usually the bass) dominates: a boost in one band
    // lowers every other band's relative level. Subtracting the median of the raw differences makes the deviations
    // relative to the mix's typical band instead, so one coloured band shows up alone.
    internal static void CentreOnMedian(Span<double> deviations)
    {
        Span<double> finite = stackalloc double[BandInfo.Count];
        int n = 0;
        foreach (double d in deviations)
        {
            if (double.IsFinite(d))
            {
                finite[n++] = d;
            }
        }

        if (n == 0)
        {
            return;
        }

        finite = finite[..n];
        finite.Sort();
        double median = n % 2 == 1 ? finite[n / 2] : (finite[(n / 2) - 1] + finite[n / 2]) / 2;
        for (int b = 0; b < deviations.Length; b++)
        {
            deviations[b] -= median;
        }
    }

    /// <summary>Compares everything measured so far with <paramref name="target"/> and ranks suggestions.</summary>
    /// <param name="target">The tonal-balance target.</param>
    /// <param name="options">Thresholds, count and naming hint; null for the defaults.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="SuggestionOptions.MaxSuggestions"/> is negative or a tolerance is not positive.</exception>
    public MixReport Report(GenreTarget target, SuggestionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        options ??= new SuggestionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxSuggestions, nameof(options));
        if (options.ToleranceDb is { } t && !(t > 0 && double.IsFinite(t)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), t, "ToleranceDb must be a positive number of dB.");
        }

        LoudnessReading loudness = _loudness.Read();
        BandLevels bands = Balance.LongTermRelative;
        var deviations = new double[BandInfo.Count];
        for (int b = 0; b < BandInfo.Count; b++)
        {
            double level = bands[(Band)b];
            deviations[b] = double.IsFinite(level) ? level - target.LevelDb((Band)b) : double.NegativeInfinity;
        }

        CentreOnMedian(deviations);

        DynamicsReading dynamics = ReadDynamics();
        StereoReading stereo = _stereo.Read();
        FixScores? scores = null;
        if (options.UseScorer && (options.Scorer ?? MixScorer.Default) is { } scorer)
        {
            Span<float> features = stackalloc float[ScorerFeatures.Count];
            ScorerFeatures.Extract(deviations, stereo, dynamics, loudness, features);
            Span<float> p = stackalloc float[MixFixes.Count];
            scorer.Score(features, p);
            scores = new FixScores(p);
        }

        var suggestions = MixSuggestionRules.Evaluate(target, deviations, bands, loudness, dynamics, stereo, Channels, options, scores);
        return new MixReport(target.Name, loudness, bands, deviations, dynamics, stereo, suggestions, scores);
    }
}
