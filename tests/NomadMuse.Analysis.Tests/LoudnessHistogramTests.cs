namespace NomadMuse.Analysis.Tests;

public sealed class LoudnessHistogramTests
{
    private static double MeanSquareFor(double lufs) => Math.Pow(10, (lufs + 0.691) / 10);

    [Fact]
    public void GatedLoudness_TwoLevelsFarApart_RelativeGateKeepsOnlyTheLoudOnes()
    {
        // Mean power of 10 blocks at −20 and 10 at −40 is −23.0 LUFS; the −10 LU gate at −33 drops the −40 blocks.
        var h = new LoudnessHistogram();
        for (int i = 0; i < 10; i++)
        {
            h.Add(MeanSquareFor(-20));
            h.Add(MeanSquareFor(-40));
        }

        Assert.Equal(-20.0, h.GatedLoudness(-10), 1e-9);
    }

    [Fact]
    public void GatedLoudness_LevelsWithinGate_IsThePowerMeanNotTheDecibelMean()
    {
        // −20 and −26 LUFS, one block each: 10·log10((10^−2 + 10^−2.6)/2) = −22.03 (the dB mean would be −23).
        var h = new LoudnessHistogram();
        h.Add(MeanSquareFor(-20));
        h.Add(MeanSquareFor(-26));
        Assert.Equal(10 * Math.Log10((Math.Pow(10, -2.0) + Math.Pow(10, -2.6)) / 2), h.GatedLoudness(-10), 1e-9);
    }

    [Fact]
    public void Add_AtOrBelowAbsoluteGate_IsIgnored()
    {
        var h = new LoudnessHistogram();
        h.Add(0);
        h.Add(MeanSquareFor(-70.0));
        h.Add(MeanSquareFor(-80));
        Assert.Equal(0, h.Count);
        Assert.Equal(double.NegativeInfinity, h.GatedLoudness(-10));
        Assert.Equal(0, h.GatedRange(-20, 0.1, 0.95));
    }

    [Fact]
    public void GatedRange_HundredEvenlySpacedValues_IsNearestRankSpread()
    {
        // Values −30.0, −29.9, … −20.1 (n = 100). Ranks round(99·0.10) = 10 → −29.0 and round(99·0.95) = 94 → −20.6;
        // the −20 LU relative gate keeps all of them. Bins resolve to ±0.005 LU.
        var h = new LoudnessHistogram();
        for (int i = 0; i < 100; i++)
        {
            h.Add(MeanSquareFor(-30.0 + (0.1 * i) + 0.001));
        }

        Assert.Equal(8.4, h.GatedRange(-20, 0.10, 0.95), 0.011);
    }

    [Fact]
    public void GatedRange_SingleValue_IsZero()
    {
        var h = new LoudnessHistogram();
        h.Add(MeanSquareFor(-23));
        Assert.Equal(0, h.GatedRange(-20, 0.10, 0.95));
    }
}
