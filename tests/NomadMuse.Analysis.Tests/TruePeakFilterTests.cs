namespace NomadMuse.Analysis.Tests;

public sealed class TruePeakFilterTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public void Design_PhaseZero_IsAPureDelayThatReproducesTheSamples(int oversampling)
    {
        double[] phase0 = TruePeakFilter.Design(oversampling)[0];
        for (int j = 0; j < phase0.Length; j++)
        {
            Assert.Equal(j == TruePeakFilter.TapsPerPhase / 2 ? 1.0 : 0.0, phase0[j], 1e-12);
        }
    }

    [Theory]
    [InlineData(4, 0.4, 0.01)]
    [InlineData(4, 0.42, 0.1)]
    [InlineData(2, 0.4, 0.01)]
    public void Design_EveryBranch_HasUnityGainAcrossThePassband(int oversampling, double edge, double maxDeviationDb)
    {
        foreach (double[] branch in TruePeakFilter.Design(oversampling))
        {
            for (double f = 0; f <= edge; f += 0.0025)
            {
                Assert.InRange(GainDb(branch, f), -maxDeviationDb, maxDeviationDb);
            }
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(2)]
    public void Design_Prototype_RejectsImagesBy70DbFrom0Point6Fs(int oversampling)
    {
        double[][] branches = TruePeakFilter.Design(oversampling);
        int length = oversampling * TruePeakFilter.TapsPerPhase;
        double[] prototype = new double[length];
        for (int n = 0; n < length; n++)
        {
            prototype[n] = branches[n % oversampling][n / oversampling] / oversampling;
        }

        // Frequencies in units of the input rate; the up-sampled rate is L times higher.
        for (double f = 0.6; f <= oversampling / 2.0; f += 0.005)
        {
            Assert.True(GainDb(prototype, f / oversampling) < -70, $"image at {f:F3}·fs only {GainDb(prototype, f / oversampling):F1} dB down");
        }
    }

    [Fact]
    public void BesselI0_KnownValues_MatchTables()
    {
        // Abramowitz & Stegun table 9.8: I0(1) = 1.266065878, I0(5) = 27.23987182.
        Assert.Equal(1.0, TruePeakFilter.BesselI0(0), 12);
        Assert.Equal(1.266065878, TruePeakFilter.BesselI0(1), 8);
        Assert.Equal(27.23987182, TruePeakFilter.BesselI0(5), 6);
    }

    private static double GainDb(double[] taps, double cyclesPerSample)
    {
        double re = 0, im = 0;
        for (int j = 0; j < taps.Length; j++)
        {
            re += taps[j] * Math.Cos(2 * Math.PI * cyclesPerSample * j);
            im -= taps[j] * Math.Sin(2 * Math.PI * cyclesPerSample * j);
        }

        return 10 * Math.Log10((re * re) + (im * im));
    }
}
