using System.Collections.Immutable;
using NomadMuse.Analysis.Scoring;
using NomadMuse.State;

namespace NomadMuse.Analysis.Tests.Scoring;

public sealed class MixFixesTests
{
    [Fact]
    public void Count_EqualsDefinedFixes() => Assert.Equal(MixFixes.Count, Enum.GetValues<MixFix>().Length);

    [Fact]
    public void CutAndBoost_EveryBand_RoundTripThroughBandOf()
    {
        var seen = new HashSet<MixFix>();
        foreach (Band band in Enum.GetValues<Band>())
        {
            Assert.Equal(band, MixFixes.BandOf(MixFixes.Cut(band)));
            Assert.Equal(band, MixFixes.BandOf(MixFixes.Boost(band)));
            Assert.True(seen.Add(MixFixes.Cut(band)));
            Assert.True(seen.Add(MixFixes.Boost(band)));
        }

        Assert.Equal(14, seen.Count);
        Assert.Null(MixFixes.BandOf(MixFix.InvertPolarity));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixFixes.Cut((Band)7));
    }

    [Theory]
    [InlineData(MixAction.Cut, Band.LowMid, MixFix.CutLowMid)]
    [InlineData(MixAction.HighPass, Band.SubBass, MixFix.CutSubBass)]
    [InlineData(MixAction.Boost, Band.Air, MixFix.BoostAir)]
    [InlineData(MixAction.Narrow, Band.Bass, MixFix.Narrow)]
    [InlineData(MixAction.Compress, null, MixFix.EaseCompression)]
    [InlineData(MixAction.Narrow, null, MixFix.InvertPolarity)]
    public void For_RuleSuggestion_MapsToTheFixItProposes(MixAction action, Band? band, MixFix expected)
    {
        var suggestion = new MixSuggestion(SuggestionSeverity.Warning, band, 20, 200, action, 3, 1, "test", ImmutableArray<int>.Empty);
        Assert.Equal(expected, MixFixes.For(suggestion));
    }

    [Fact]
    public void For_LoudnessGain_HasNoFix() =>
        Assert.Null(MixFixes.For(new MixSuggestion(SuggestionSeverity.Info, null, 0, 0, MixAction.Gain, -2, 0, "gain")));

    [Fact]
    public void Describe_EveryFix_IsDistinct() =>
        Assert.Equal(MixFixes.Count, Enum.GetValues<MixFix>().Select(MixFixes.Describe).Distinct().Count());
}
