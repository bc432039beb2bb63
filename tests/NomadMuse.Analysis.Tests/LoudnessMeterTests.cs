using static NomadMuse.Analysis.Tests.TestSignals;

namespace NomadMuse.Analysis.Tests;

public sealed class LoudnessMeterTests
{
    private static readonly double NegInf = double.NegativeInfinity;

    [Fact]
    public void Read_DigitalSilence_AllLevelsMinusInfinityAndRangeZero()
    {
        var meter = new LoudnessMeter(48_000, 2);
        meter.Push(new float[48_000 * 2 * 5]);
        LoudnessReading r = meter.Read();
        Assert.Equal(new LoudnessReading(NegInf, NegInf, NegInf, NegInf, NegInf, 0, NegInf, NegInf), r);
    }

    [Fact]
    public void Read_NothingPushed_IsDefinedAndNaNFree()
    {
        LoudnessReading r = new LoudnessMeter(44_100, 2).Read();
        Assert.Equal(new LoudnessReading(NegInf, NegInf, NegInf, NegInf, NegInf, 0, NegInf, NegInf), r);
    }

    [Fact]
    public void Read_ClipShorterThanOneBlock_LoudnessUndefinedButPeaksMeasured()
    {
        LoudnessReading r = Measure(48_000, Stereo(-23, 0.3));
        Assert.Equal(NegInf, r.IntegratedLufs);
        Assert.Equal(NegInf, r.MomentaryLufs);
        Assert.Equal(NegInf, r.ShortTermLufs);
        Assert.Equal(0, r.LoudnessRangeLu);
        Assert.Equal(-23.0, r.SamplePeakDbfs, 0.01);
        Assert.True(double.IsFinite(r.TruePeakDbtp));
    }

    [Fact]
    public void Read_ExactlyOneBlock_IntegratedIsThatBlock()
    {
        LoudnessReading r = Measure(48_000, Stereo(-23, 0.4));
        Assert.Equal(-23.0, r.IntegratedLufs, 0.1);
        Assert.Equal(r.MomentaryLufs, r.IntegratedLufs, 1e-9);
    }

    [Fact]
    public void Read_ClipShorterThanShortTermWindow_ShortTermUndefinedMomentaryDefined()
    {
        LoudnessReading r = Measure(48_000, Stereo(-20, 2.9));
        Assert.Equal(NegInf, r.ShortTermLufs);
        Assert.Equal(NegInf, r.ShortTermMaxLufs);
        Assert.Equal(-20.0, r.MomentaryLufs, 0.1);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.007)]
    [InlineData(0.02)]
    [InlineData(0.0525)]
    [InlineData(0.11)]
    [InlineData(0.38)]
    public void MomentaryMax_400msBurstAtAnyOffset_IsMinus23(double offsetSeconds)
    {
        // In the spirit of Tech 3341 case 13: a burst exactly one momentary window long, shifted by less than the
        // 100 ms hop, must still be caught whole (the meter evaluates M every 5 ms).
        LoudnessReading r = Measure(48_000, Stereo(NegInf, 1.0 + offsetSeconds), Stereo(-23, 0.4), Stereo(NegInf, 1.0));
        Assert.Equal(-23.0, r.MomentaryMaxLufs, 0.1);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.15)]
    [InlineData(0.0333)]
    public void ShortTermMax_3sBurstAtAnyOffset_IsMinus23(double offsetSeconds)
    {
        // In the spirit of Tech 3341 case 10: a 3 s tone shifted in time, Max S = −23.0 ±0.1.
        LoudnessReading r = Measure(48_000, Stereo(NegInf, 0.5 + offsetSeconds), Stereo(-23, 3.0), Stereo(NegInf, 1.0));
        Assert.Equal(-23.0, r.ShortTermMaxLufs, 0.1);
    }

    [Fact]
    public void Momentary_LevelSteps_FollowsWithin400ms()
    {
        var meter = new LoudnessMeter(48_000, 2);
        Stream(48_000, [Stereo(-30, 2)], (b, n) => meter.Push(b.AsSpan(0, n)));
        Assert.Equal(-30.0, meter.Read().MomentaryLufs, 0.1);
        Stream(48_000, [Stereo(-20, 0.45)], (b, n) => meter.Push(b.AsSpan(0, n)));
        Assert.Equal(-20.0, meter.Read().MomentaryLufs, 0.1);
        Assert.Equal(-20.0, meter.Read().MomentaryMaxLufs, 0.1);
    }

    [Fact]
    public void Integrated_MonoSine_IsWeightedOnceNotAsDualMono()
    {
        LoudnessReading r = Measure(48_000, new Segment(10, [-23]));
        Assert.Equal(-26.01, r.IntegratedLufs, 0.1);
    }

    [Fact]
    public void Integrated_SignalOnlyInLfe_IsExcluded()
    {
        LoudnessReading r = Measure(48_000, new Segment(5, [NegInf, NegInf, NegInf, -10, NegInf, NegInf], 60));
        Assert.Equal(NegInf, r.IntegratedLufs);
        Assert.Equal(-10.0, r.SamplePeakDbfs, 0.01);
    }

    [Fact]
    public void Integrated_SurroundChannel_IsWeightedPlus1Point5Db()
    {
        LoudnessReading front = Measure(48_000, new Segment(5, [-20, NegInf, NegInf, NegInf, NegInf]));
        LoudnessReading surround = Measure(48_000, new Segment(5, [NegInf, NegInf, NegInf, -20, NegInf]));
        Assert.Equal(10 * Math.Log10(1.41), surround.IntegratedLufs - front.IntegratedLufs, 0.001);
    }

    [Fact]
    public void Push_AnyBufferSize_GivesIdenticalReadings()
    {
        Segment[] programme = [Stereo(-30, 1.3), Stereo(-18, 2.2), Stereo(-40, 1.1)];
        LoudnessReading reference = Measure(48_000, programme);
        foreach (int frames in new[] { 1, 17, 480, 10_007 })
        {
            var meter = new LoudnessMeter(48_000, 2);
            Stream(48_000, programme, (b, n) => meter.Push(b.AsSpan(0, n)), frames);
            AssertClose(reference, meter.Read());
        }
    }

    [Fact]
    public void Reset_AfterProgramme_BehavesLikeANewMeter()
    {
        var meter = new LoudnessMeter(44_100, 2);
        Stream(44_100, [Stereo(-10, 4)], (b, n) => meter.Push(b.AsSpan(0, n)));
        meter.Reset();
        Assert.Equal(0, meter.FramesProcessed);
        Stream(44_100, [Stereo(-25, 4)], (b, n) => meter.Push(b.AsSpan(0, n)));
        AssertClose(Measure(44_100, Stereo(-25, 4)), meter.Read());
    }

    [Fact]
    public void Push_SilenceAfterSound_FlushesFilterStatesToExactZero()
    {
        var meter = new LoudnessMeter(48_000, 2);
        Stream(48_000, [Stereo(-3, 1)], (b, n) => meter.Push(b.AsSpan(0, n)));
        Assert.Contains(meter.FilterState.ToArray(), v => v != 0);
        meter.Push(new float[48_000 * 2 * 20]);
        Assert.All(meter.FilterState.ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void PushAndRead_AfterWarmUp_AllocateNothing()
    {
        var meter = new LoudnessMeter(48_000, 2);
        float[] buffer = new float[512 * 2];
        var rng = new Random(3);
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (float)(rng.NextDouble() - 0.5);
        }

        for (int i = 0; i < 400; i++)
        {
            meter.Push(buffer);
        }

        _ = meter.Read();
        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                meter.Push(buffer);
                _ = meter.Read();
            },
            calls: 100);

        LoudnessReading r = meter.Read();
        Assert.Equal(0, bytes);
        Assert.True(double.IsFinite(r.IntegratedLufs));
    }

    [Fact]
    public void Push_PartialFrame_ThrowsArgumentException()
    {
        var meter = new LoudnessMeter(48_000, 2);
        var ex = Assert.Throws<ArgumentException>(() => meter.Push(new float[3]));
        Assert.Equal("interleaved", ex.ParamName);
    }

    [Theory]
    [InlineData(7_999, 2)]
    [InlineData(800_000, 2)]
    [InlineData(48_000, 0)]
    [InlineData(48_000, 7)]
    public void Constructor_OutOfRange_ThrowsArgumentOutOfRange(int rate, int channels)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoudnessMeter(rate, channels));
    }

    [Fact]
    public void Constructor_NegativeOrNaNWeight_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoudnessMeter(48_000, [1.0, -1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoudnessMeter(48_000, [double.NaN]));
        Assert.Throws<ArgumentNullException>(() => new LoudnessMeter(48_000, (IReadOnlyList<double>)null!));
    }

    [Fact]
    public void DefaultChannelWeights_FivePointOne_ExcludesLfeAndBoostsSurrounds()
    {
        Assert.Equal([1.0, 1.0, 1.0, 0.0, 1.41, 1.41], LoudnessMeter.DefaultChannelWeights(6));
        Assert.Equal([1.0, 1.0, 1.0, 1.41, 1.41], LoudnessMeter.DefaultChannelWeights(5));
    }

    [Fact]
    public void TruePeak_FullScaleSquareishSignal_NeverBelowSamplePeak()
    {
        var rng = new Random(11);
        float[] x = new float[48_000 * 2];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = rng.Next(2) == 0 ? -1f : 1f;
        }

        var meter = new LoudnessMeter(48_000, 2);
        meter.Push(x);
        LoudnessReading r = meter.Read();
        Assert.Equal(0.0, r.SamplePeakDbfs);
        Assert.True(r.TruePeakDbtp > 0.5, $"random ±1 should overshoot between samples, got {r.TruePeakDbtp}");
    }

    // Buffer boundaries regroup floating-point sums inside a sub-block, so readings agree to rounding, not bits.
    private static void AssertClose(LoudnessReading expected, LoudnessReading actual)
    {
        double[] e = [expected.IntegratedLufs, expected.MomentaryLufs, expected.MomentaryMaxLufs, expected.ShortTermLufs,
            expected.ShortTermMaxLufs, expected.LoudnessRangeLu, expected.TruePeakDbtp, expected.SamplePeakDbfs];
        double[] a = [actual.IntegratedLufs, actual.MomentaryLufs, actual.MomentaryMaxLufs, actual.ShortTermLufs,
            actual.ShortTermMaxLufs, actual.LoudnessRangeLu, actual.TruePeakDbtp, actual.SamplePeakDbfs];
        for (int i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i], a[i], 1e-9);
        }
    }
}
