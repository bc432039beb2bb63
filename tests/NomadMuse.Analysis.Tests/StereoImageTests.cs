using NomadMuse.State;

namespace NomadMuse.Analysis.Tests;

public sealed class StereoImageTests
{
    private static StereoReading Measure(float[] stereo, int sampleRate = 48000)
    {
        var image = new StereoImage(sampleRate, 2);
        image.Push(stereo);
        return image.Read();
    }

    [Fact]
    public void Read_IdenticalChannels_CorrelationOneWidthZeroNoLoss()
    {
        StereoReading r = Measure(MixSignals.PinkStereo(1, 96000, correlation: 1.0));
        Assert.Equal(1.0, r.Correlation, 9);
        Assert.Equal(0.0, r.Width, 9);
        Assert.True(double.IsNegativeInfinity(r.SideToMidDb));
        foreach (Band band in Enum.GetValues<Band>())
        {
            Assert.Equal(0.0, r.MonoLossDb(band), 6);
        }
    }

    [Fact]
    public void Read_PolarityFlipped_CorrelationMinusOneAndLargeLoss()
    {
        StereoReading r = Measure(MixSignals.FlipRight(MixSignals.PinkStereo(2, 96000)));
        Assert.Equal(-1.0, r.Correlation, 9);
        Assert.Equal(1.0, r.Width, 9);
        foreach (Band band in Enum.GetValues<Band>())
        {
            Assert.True(r.MonoLossDb(band) >= 40, $"{band}: {r.MonoLossDb(band)} dB");
        }
    }

    [Fact]
    public void Read_UncorrelatedNoise_CorrelationNearZeroWidthHalfLossThreeDb()
    {
        StereoReading r = Measure(MixSignals.PinkStereo(3, 480000, correlation: 0.0));
        Assert.InRange(r.Correlation, -0.05, 0.05);
        Assert.InRange(r.Width, 0.45, 0.55);
        Assert.InRange(r.SideToMidDb, -0.5, 0.5);
        foreach (Band band in new[] { Band.Mid, Band.HighMid, Band.Presence, Band.Air })
        {
            // Independent equal-power channels: (P_L + P_R)/2 over P_M = P/(P/2) → 10·log10 2 = 3.01 dB.
            Assert.InRange(r.MonoLossDb(band), 2.8, 3.2);
        }
    }

    [Fact]
    public void Read_PartialCorrelation_MatchesMixingCoefficient()
    {
        // R = 0.6·L + 0.8·N with N independent of L and of equal power: ρ = 0.6.
        StereoReading r = Measure(MixSignals.PinkStereo(4, 480000, correlation: 0.6));
        Assert.InRange(r.Correlation, 0.55, 0.65);
    }

    [Fact]
    public void Read_MonoInput_IsDualMono()
    {
        var image = new StereoImage(44100, 1);
        image.Push(MixSignals.Pink(new Random(5), 44100));
        Assert.Equal(1.0, image.Read().Correlation, 9);
        Assert.Equal(0.0, image.Read().MaxMonoLossDb, 9);
    }

    [Fact]
    public void Read_BeforeInput_ReportsNothingWrong()
    {
        StereoReading r = new StereoImage(48000, 2).Read();
        Assert.Equal(1.0, r.Correlation);
        Assert.Equal(0.0, r.Width);
        Assert.Equal(0.0, r.MaxMonoLossDb);
    }

    [Fact]
    public void Push_AfterWarmUp_DoesNotAllocate()
    {
        var image = new StereoImage(48000, 2);
        float[] buffer = MixSignals.PinkStereo(6, 4800);
        image.Push(buffer);
        _ = image.Read();
        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                image.Push(buffer);
                _ = image.Read();
            });

        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Constructor_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StereoImage(1000, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StereoImage(48000, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StereoImage(48000, 2, 1000));
        Assert.Throws<ArgumentException>(() => new StereoImage(48000, 2).Push(new float[3]));
    }
}
