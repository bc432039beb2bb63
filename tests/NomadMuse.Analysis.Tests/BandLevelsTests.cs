using NomadMuse.State;

namespace NomadMuse.Analysis.Tests;

public sealed class BandLevelsTests
{
    [Fact]
    public void Indexer_PresentAndAbsentBands_ReadValuesAndMinusInfinity()
    {
        var levels = new BandLevels([-1, -2, -3, -4, -5, -6, -7], 0b0011111);
        Assert.Equal(-1, levels[Band.SubBass]);
        Assert.Equal(-5, levels[Band.HighMid]);
        Assert.True(levels.IsPresent(Band.HighMid));
        Assert.False(levels.IsPresent(Band.Presence));
        Assert.Equal(double.NegativeInfinity, levels[Band.Presence]);
        Assert.Equal(double.NegativeInfinity, levels[Band.Air]);
        Assert.False(levels.IsPresent((Band)9));
        Assert.Throws<ArgumentOutOfRangeException>(() => levels[(Band)9]);
    }

    [Fact]
    public void Constructor_NaNLevel_BecomesMinusInfinity()
    {
        var levels = new BandLevels([double.NaN, 0, 0, 0, 0, 0, 0], 0x7F);
        Assert.Equal(double.NegativeInfinity, levels[Band.SubBass]);
    }

    [Fact]
    public void Constructor_WrongCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BandLevels([1, 2, 3], 0x7F));
    }

    [Fact]
    public void CopyToAndEquality_RoundTrip()
    {
        var a = new BandLevels([-8, -6.9, -10, -7, -8, -10, -11.3], 0x7F);
        double[] copy = new double[7];
        a.CopyTo(copy);
        var b = new BandLevels(copy, 0x7F);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a != new BandLevels(copy, 0x3F));
        Assert.Throws<ArgumentException>(() => a.CopyTo(new double[6]));
        Assert.Contains("Air -11.3", a.ToString(), StringComparison.Ordinal);
        Assert.Contains("Air absent", new BandLevels(copy, 0x3F).ToString(), StringComparison.Ordinal);
    }
}
