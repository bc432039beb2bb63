using System.Collections.Immutable;
using NomadMuse.Analysis.Scoring;
using NomadMuse.State;

namespace NomadMuse.Analysis;

/// <summary>How <see cref="MixAnalyzer.Report"/> turns measurements into suggestions.</summary>
public sealed class SuggestionOptions
{
    /// <summary>When set, the tolerance (dB) for every band instead of the target's own (e.g. <see cref="UserPreferences.SuggestionToleranceDb"/>).</summary>
    public double? ToleranceDb { get; init; }

    /// <summary>At most this many suggestions are returned, most important first (default 5).</summary>
    public int MaxSuggestions { get; init; } = 5;

    /// <summary>Streaming loudness target, LUFS (default −14).</summary>
    public double LoudnessTargetLufs { get; init; } = -14;

    /// <summary>True-peak ceiling, dBTP (default −1).</summary>
    public double TruePeakCeilingDbtp { get; init; } = -1;

    /// <summary>A PLR below this (dB) counts as over-compressed (default 8).</summary>
    public double MinPeakToLoudnessDb { get; init; } = 8;

    /// <summary>Side energy within this many dB of mid in the sub-bass or bass counts as wide bass (default −10).</summary>
    public double MaxLowBandSideToMidDb { get; init; } = -10;

    /// <summary>Naming hint from the state: which track ids dominate each band; suggestions for a band carry them.</summary>
    public IReadOnlyDictionary<Band, ImmutableArray<int>>? BandTracks { get; init; }

    /// <summary>Rank suggestions of equal severity with the <see cref="MixScorer"/> too (default true); see <see cref="MixReport.FixScores"/>.</summary>
    public bool UseScorer { get; init; } = true;

    /// <summary>The scorer to use; null for <see cref="MixScorer.Default"/> (the embedded one).</summary>
    public MixScorer? Scorer { get; init; }
}
