using NomadMuse.Analysis.Scoring;
using NomadMuse.Core.Training;
using NomadMuse.State;

namespace NomadMuse.Analysis.Tests.Scoring;

public sealed class MixDamageTests
{
    private const int Rate = 44_100;

    [Theory]
    [InlineData(1000, 6, 1.0)]
    [InlineData(300, -9, 1.4)]
    [InlineData(40, 4, 0.7)]
    public void Peaking_AtCentre_HasTheRequestedGain(double f0, double gain, double q)
    {
        BiquadCoefficients c = EqDesign.Peaking(Rate, f0, gain, q);
        Assert.Equal(gain, c.MagnitudeDb(f0, Rate), 6);

        // RBJ peaking filters have exactly unit gain at DC and Nyquist.
        Assert.Equal(0, c.MagnitudeDb(1e-3, Rate), 4);
        Assert.Equal(0, c.MagnitudeDb(Rate / 2.0, Rate), 4);
    }

    [Fact]
    public void Shelves_ReachTheirGainFarFromTheCorner_AndHalfAtIt()
    {
        BiquadCoefficients low = EqDesign.LowShelf(Rate, 60, 8), high = EqDesign.HighShelf(Rate, 12_000, -8);
        Assert.Equal(8, low.MagnitudeDb(2, Rate), 1);
        Assert.Equal(0, low.MagnitudeDb(5_000, Rate), 1);
        Assert.Equal(4, low.MagnitudeDb(60, Rate), 2);
        Assert.Equal(-8, high.MagnitudeDb(Rate / 2.0 * 0.999, Rate), 0);
        Assert.Equal(0, high.MagnitudeDb(500, Rate), 1);
    }

    [Theory]
    [InlineData(MixFix.CutLowMid, Band.LowMid, 1)]
    [InlineData(MixFix.BoostPresence, Band.Presence, -1)]
    [InlineData(MixFix.CutSubBass, Band.SubBass, 1)]
    public void EqDamage_MovesItsBandTheWayTheFixUndoes(MixFix fix, Band band, int sign)
    {
        float[] clean = MixSignals.PinkStereo(3, Rate * 4, 0.8);
        float[] damaged = (float[])clean.Clone();
        MixDamage damage = MixDamage.For(fix, new TrainingRandom(5));
        damage.Apply(damaged, Rate);
        double before = MixSignals.Analyze(clean, Rate).Balance.LongTermAbsolute[band];
        double after = MixSignals.Analyze(damaged, Rate).Balance.LongTermAbsolute[band];
        Assert.Equal(fix, damage.Fix);
        Assert.True(sign * (after - before) > 2, $"{damage}: {band} moved {after - before:F2} dB");
    }

    [Fact]
    public void StereoDamage_PolarityAndSideGain_ChangeCorrelationAndWidth()
    {
        float[] clean = MixSignals.PinkStereo(4, Rate * 3, 0.8);
        var random = new TrainingRandom(1);
        float[] flipped = Damaged(clean, MixDamage.For(MixFix.InvertPolarity, random));
        float[] wide = Damaged(clean, MixDamage.For(MixFix.Narrow, random));
        float[] narrow = Damaged(clean, MixDamage.For(MixFix.Widen, random));
        StereoReading c = MixSignals.Analyze(clean, Rate).ReadStereo();
        Assert.InRange(MixSignals.Analyze(flipped, Rate).ReadStereo().Correlation, -0.85, -0.75);
        Assert.True(MixSignals.Analyze(wide, Rate).ReadStereo().Width > c.Width + 0.15);
        Assert.True(MixSignals.Analyze(narrow, Rate).ReadStereo().Width < c.Width / 5);
    }

    [Fact]
    public void Compression_LowersCrestFactor_AndKeepsThePeak()
    {
        float[] clean = MixSignals.PinkStereo(6, Rate * 4, 0.9);
        float[] squashed = Damaged(clean, new MixDamage(MixDamageKind.Compression, MixFix.EaseCompression, ThresholdBelowPeakDb: 10, Ratio: 8, ReleaseMs: 80));
        Assert.Equal(clean.Max(Math.Abs), squashed.Max(Math.Abs), 4);
        double before = MixSignals.Analyze(clean, Rate).ReadDynamics().CrestFactorDb;
        double after = MixSignals.Analyze(squashed, Rate).ReadDynamics().CrestFactorDb;
        Assert.True(before - after > 2, $"crest {before:F2} → {after:F2} dB");
    }

    [Fact]
    public void For_EveryFix_GivesADamageLabelledWithIt()
    {
        var random = new TrainingRandom(9);
        foreach (MixFix fix in Enum.GetValues<MixFix>())
        {
            MixDamage damage = MixDamage.For(fix, random);
            Assert.Equal(fix, damage.Fix);
            if (MixFixes.BandOf(fix) is not null)
            {
                Assert.InRange(Math.Abs(damage.GainDb), MixDamage.MinGainDb, MixDamage.MaxGainDb);
                Assert.Equal(fix <= MixFix.CutAir, damage.GainDb > 0);
            }
        }
    }

    private static float[] Damaged(float[] clean, MixDamage damage)
    {
        float[] copy = (float[])clean.Clone();
        damage.Apply(copy, Rate);
        return copy;
    }
}
