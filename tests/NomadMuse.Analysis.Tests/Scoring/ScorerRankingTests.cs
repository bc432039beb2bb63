using NomadMuse.Analysis.Scoring;
using NomadMuse.State;

namespace NomadMuse.Analysis.Tests.Scoring;

/// <summary>How the scorer re-orders rule suggestions: within a severity only, never adding or removing any.</summary>
public sealed class ScorerRankingTests
{
    private static readonly double[] Deviations = [0, 0, 5, 0, 5.5, 0, 0];

    [Fact]
    public void Evaluate_WithoutScores_OrdersByRuleMargin()
    {
        var suggestions = Evaluate(null);
        Assert.Equal([Band.HighMid, Band.LowMid], suggestions.Select(s => s.Band!.Value));
    }

    [Fact]
    public void Evaluate_ScorerFavoursTheSmallerMargin_SwapsEqualSeverities()
    {
        // Margins 2 (low-mid) and 2.5 (high-mid), both Info; weights 0.5 + p: 2 × 1.4 = 2.8 beats 2.5 × 0.55.
        float[] p = new float[MixFixes.Count];
        p[(int)MixFix.CutLowMid] = 0.9f;
        p[(int)MixFix.CutHighMid] = 0.05f;
        p[(int)MixFix.None] = 0.05f;
        var suggestions = Evaluate(new FixScores(p));
        Assert.Equal([Band.LowMid, Band.HighMid], suggestions.Select(s => s.Band!.Value));
        Assert.All(suggestions, s => Assert.Equal(SuggestionSeverity.Info, s.Severity));
    }

    [Fact]
    public void Evaluate_ScorerCannotLiftALowerSeverity()
    {
        double[] deviations = [0, 0, 5, 0, 9.5, 0, 0]; // high-mid: margin 6.5 → Critical; low-mid: Info
        float[] p = new float[MixFixes.Count];
        p[(int)MixFix.CutLowMid] = 1f;
        var suggestions = Evaluate(new FixScores(p), deviations);
        Assert.Equal(Band.HighMid, suggestions[0].Band);
        Assert.Equal(2, suggestions.Length);
    }

    private static System.Collections.Immutable.ImmutableArray<MixSuggestion> Evaluate(FixScores? scores, double[]? deviations = null)
    {
        double[] levels = [-10, -5, -10, -7, -12, -15, -20];
        var target = new GenreTarget("flat", levels, [3, 3, 3, 3, 3, 3, 3], 1, "test");
        var bands = new BandLevels(levels, 0x7F);
        var none = new BandLevels(new double[7], 0x7F);
        var silentSide = new BandLevels([-60, -60, -60, -60, -60, -60, -60], 0x7F);
        var stereo = new StereoReading(1, double.NegativeInfinity, none, silentSide);
        double n = double.NegativeInfinity;
        var loudness = new LoudnessReading(n, n, n, n, n, 0, n, n);
        return MixSuggestionRules.Evaluate(target, deviations ?? Deviations, bands, loudness, new DynamicsReading(0, 0, 0), stereo, 2,
            new SuggestionOptions { MaxSuggestions = 10 }, scores);
    }
}
