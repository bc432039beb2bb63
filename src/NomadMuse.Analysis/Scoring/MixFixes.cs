using NomadMuse.State;

namespace NomadMuse.Analysis.Scoring;

/// <summary>Helpers for <see cref="MixFix"/>: the fix for a band and direction, and the fix a rule suggestion stands for.</summary>
public static class MixFixes
{
    /// <summary>The number of candidate fixes (the scorer's output width).</summary>
    public const int Count = 19;

    /// <summary>The fix that cuts <paramref name="band"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is not defined.</exception>
    public static MixFix Cut(Band band) => (MixFix)(1 + CheckBand(band));

    /// <summary>The fix that boosts <paramref name="band"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="band"/> is not defined.</exception>
    public static MixFix Boost(Band band) => (MixFix)(1 + BandInfo.Count + CheckBand(band));

    /// <summary>The band a cut or boost acts on, or <see langword="null"/> for the other fixes.</summary>
    public static Band? BandOf(MixFix fix) => fix is >= MixFix.CutSubBass and <= MixFix.BoostAir
        ? (Band)(((int)fix - 1) % BandInfo.Count)
        : null;

    /// <summary>
    /// The fix a rule suggestion proposes: tonal cuts, shelves and high-passes map to <c>Cut…</c>, boosts to
    /// <c>Boost…</c>, the polarity rule to <see cref="MixFix.InvertPolarity"/>, mono-compatibility and wide-bass
    /// rules to <see cref="MixFix.Narrow"/>, the over-compression rule to <see cref="MixFix.EaseCompression"/>;
    /// loudness and true-peak gain changes have no scorer counterpart (<see langword="null"/>).
    /// </summary>
    /// <param name="suggestion">A suggestion from <see cref="MixAnalyzer.Report"/>.</param>
    /// <returns>The fix, or <see langword="null"/>.</returns>
    public static MixFix? For(MixSuggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return suggestion.Action switch
        {
            MixAction.Cut or MixAction.HighPass or MixAction.LowPass when suggestion.Band is { } b => Cut(b),
            MixAction.Boost when suggestion.Band is { } b => Boost(b),
            MixAction.Narrow when suggestion.Band is null => MixFix.InvertPolarity,
            MixAction.Narrow => MixFix.Narrow,
            MixAction.Widen => MixFix.Widen,
            MixAction.Compress => MixFix.EaseCompression,
            _ => null,
        };
    }

    /// <summary>A short label, e.g. "cut low mid", "invert polarity".</summary>
    public static string Describe(MixFix fix) => fix switch
    {
        MixFix.None => "none",
        MixFix.InvertPolarity => "invert polarity",
        MixFix.Narrow => "narrow",
        MixFix.Widen => "widen",
        MixFix.EaseCompression => "ease compression",
        _ when BandOf(fix) is { } band => (fix <= MixFix.CutAir ? "cut " : "boost ") + BandInfo.DisplayName(band),
        _ => throw new ArgumentOutOfRangeException(nameof(fix), fix, "Not a defined fix."),
    };

    private static int CheckBand(Band band) => (uint)band < BandInfo.Count
        ? (int)band
        : throw new ArgumentOutOfRangeException(nameof(band), band, "Not a defined band.");
}
