using System.Collections.Immutable;
using NomadMuse.Analysis.Scoring;
using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>What <see cref="MixAnalyzer.Report"/> found: loudness, tonal balance against a target, dynamics, stereo and ranked suggestions.</summary>
public sealed class MixReport
{
    private readonly double[] _deviations;

    internal MixReport(string targetName, LoudnessReading loudness, BandLevels bands, double[] deviations, DynamicsReading dynamics,
        StereoReading stereo, ImmutableArray<MixSuggestion> suggestions, FixScores? fixScores)
    {
        FixScores = fixScores;
        TargetName = targetName;
        Loudness = loudness;
        Bands = bands;
        _deviations = deviations;
        Dynamics = dynamics;
        Stereo = stereo;
        Suggestions = suggestions;
    }

    /// <summary>The name of the target the bands were compared with.</summary>
    public string TargetName { get; }

    /// <summary>Loudness, range and peaks over the whole programme.</summary>
    public LoudnessReading Loudness { get; }

    /// <summary>Long-term band levels, dB re the total 20 Hz–20 kHz power.</summary>
    public BandLevels Bands { get; }

    /// <summary>Crest factor, PLR and PSR.</summary>
    public DynamicsReading Dynamics { get; }

    /// <summary>Correlation, width and mono loss.</summary>
    public StereoReading Stereo { get; }

    /// <summary>Suggestions, most important first (severity, then how far outside tolerance).</summary>
    public ImmutableArray<MixSuggestion> Suggestions { get; }

    /// <summary>
    /// The <see cref="MixScorer"/>'s probabilities over candidate fixes, used to rank <see cref="Suggestions"/> within
    /// a severity; <see langword="null"/> when scoring was off (<see cref="SuggestionOptions.UseScorer"/>) or no
    /// scorer is embedded.
    /// </summary>
    public FixScores? FixScores { get; }

    /// <summary>
    /// Measured level minus target level in <paramref name="band"/>, dB, less the median of that difference over the
    /// bands present (so a colouration of one band does not shift the others); −∞ when the band is silent or absent.
    /// </summary>
    /// <param name="band">A defined band.</param>
    /// <returns>The deviation.</returns>
    public double DeviationDb(Band band) => (uint)band < BandInfo.Count
        ? _deviations[(int)band]
        : throw new ArgumentOutOfRangeException(nameof(band), band, "Not a defined band.");

    /// <summary>
    /// How strongly the scorer confirms <paramref name="suggestion"/>: its probability for the fix the suggestion
    /// proposes (<see cref="MixFixes.For"/>), or <see langword="null"/> without scores or when the suggestion has no
    /// scorer counterpart (loudness and true-peak gain).
    /// </summary>
    /// <param name="suggestion">A suggestion, usually one of <see cref="Suggestions"/>.</param>
    /// <returns>A probability 0–1, or <see langword="null"/>.</returns>
    public float? ScoreOf(MixSuggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return FixScores is { } scores && MixFixes.For(suggestion) is { } fix ? scores[fix] : null;
    }

    /// <summary>Writes the scorer's input features for this report.</summary>
    internal void WriteScorerFeatures(Span<float> features) =>
        ScorerFeatures.Extract(_deviations, Stereo, Dynamics, Loudness, features);

    /// <summary>The report as the state's mix context (band levels, genre, suggestions).</summary>
    /// <param name="genre">The genre to record, or null.</param>
    /// <returns>A new context for <c>UnifiedState.PublishMix</c>.</returns>
    public MixContext ToMixContext(string? genre)
    {
        Span<float> db = stackalloc float[BandInfo.Count];
        for (int b = 0; b < BandInfo.Count; b++)
        {
            db[b] = (float)Bands[(Band)b];
        }

        return new MixContext(new BandEnergies(db), genre, Suggestions);
    }
}
