namespace NomadMuse.Analysis.Tests;

public sealed class KWeightingTests
{
    // ITU-R BS.1770-4, Tables 1 and 2 (48 kHz).
    [Fact]
    public void Shelf_48kHz_ReproducesPublishedCoefficients()
    {
        BiquadCoefficients c = KWeighting.Shelf(48_000);
        Assert.Equal(1.53512485958697, c.B0, 1e-9);
        Assert.Equal(-2.69169618940638, c.B1, 1e-9);
        Assert.Equal(1.19839281085285, c.B2, 1e-9);
        Assert.Equal(-1.69065929318241, c.A1, 1e-9);
        Assert.Equal(0.73248077421585, c.A2, 1e-9);
    }

    [Fact]
    public void HighPass_48kHz_ReproducesPublishedCoefficients()
    {
        BiquadCoefficients c = KWeighting.HighPass(48_000);
        Assert.Equal(1.0, c.B0);
        Assert.Equal(-2.0, c.B1);
        Assert.Equal(1.0, c.B2);
        Assert.Equal(-1.99004745483398, c.A1, 1e-9);
        Assert.Equal(0.99007225036621, c.A2, 1e-9);
    }

    [Theory]
    [InlineData(44_100)]
    [InlineData(32_000)]
    [InlineData(96_000)]
    [InlineData(192_000)]
    public void Response_OtherRates_MatchesThe48kHzCurveInTheAudioBand(int rate)
    {
        // The bilinear transform is pre-warped at each prototype's centre, so the curves agree closely well below
        // Nyquist; near Nyquist frequency warping separates them.
        foreach (double f in new[] { 20.0, 38.0, 100.0, 500.0, 1000.0, 1682.0, 4000.0, 8000.0 })
        {
            double reference = Total(48_000, f);
            double other = Total(rate, f);
            Assert.True(Math.Abs(reference - other) < 0.05, $"{rate} Hz at {f} Hz: {other:F4} dB vs {reference:F4} dB");
        }
    }

    [Fact]
    public void Response_At1kHz_IsTheBs1770Offset()
    {
        // The −0.691 dB offset exists to cancel the K-weighting gain at 1 kHz (to within 0.01 dB).
        Assert.InRange(Total(48_000, 1000), 0.681, 0.701);
    }

    [Theory]
    [InlineData(7_999)]
    [InlineData(0)]
    [InlineData(double.NaN)]
    public void Shelf_RateTooLow_Throws(double rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => KWeighting.Shelf(rate));
        Assert.Throws<ArgumentOutOfRangeException>(() => KWeighting.HighPass(rate));
    }

    private static double Total(int rate, double f) =>
        KWeighting.Shelf(rate).MagnitudeDb(f, rate) + KWeighting.HighPass(rate).MagnitudeDb(f, rate);
}
