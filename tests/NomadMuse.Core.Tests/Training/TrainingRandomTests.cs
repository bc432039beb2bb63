using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Training;

public sealed class TrainingRandomTests
{
    [Fact]
    public void NextUInt64_Seed0_MatchesReferenceXoshiro256StarStar()
    {
        // Values from an independent Python implementation of SplitMix64 seeding + xoshiro256** (Blackman & Vigna).
        var random = new TrainingRandom(0);
        Assert.Equal(0x99ec5f36cb75f2b4UL, random.NextUInt64());
        Assert.Equal(0xbf6e1f784956452aUL, random.NextUInt64());
        Assert.Equal(0x1a5f849d4933e6e0UL, random.NextUInt64());
        var other = new TrainingRandom(12345);
        Assert.Equal(0xbe6a36374160d49bUL, other.NextUInt64());
        Assert.Equal(0x214aaa0637a688c6UL, other.NextUInt64());
    }

    [Fact]
    public void SetState_SavedMidway_ReplaysTheSameSequence()
    {
        var random = new TrainingRandom(9);
        random.NextUInt64();
        ulong[] state = new ulong[4];
        random.GetState(state);
        ulong[] expected = [random.NextUInt64(), random.NextUInt64()];
        var restored = new TrainingRandom(1);
        restored.SetState(state);
        ulong[] replayed = [restored.NextUInt64(), restored.NextUInt64()];
        Assert.Equal(expected, replayed);
    }

    [Fact]
    public void SetState_AllZero_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new TrainingRandom(1).SetState(new ulong[4]));
    }

    [Fact]
    public void NextInt_ManyDraws_StayInRangeAndCoverIt()
    {
        var random = new TrainingRandom(3);
        int[] counts = new int[7];
        for (int i = 0; i < 70000; i++)
        {
            counts[random.NextInt(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9500, 10500));
    }

    [Fact]
    public void NextSingleAndGaussian_Moments_MatchDistributions()
    {
        var random = new TrainingRandom(4);
        double sum = 0, gaussSum = 0, gaussSquares = 0;
        const int n = 100000;
        for (int i = 0; i < n; i++)
        {
            float u = random.NextSingle();
            Assert.InRange(u, 0f, 0.99999995f);
            sum += u;
            double g = random.NextGaussian();
            gaussSum += g;
            gaussSquares += g * g;
        }

        Assert.Equal(0.5, sum / n, 2);
        Assert.Equal(0.0, gaussSum / n, 1);
        Assert.Equal(1.0, gaussSquares / n, 1);
    }

    [Fact]
    public void Shuffle_Array_IsAPermutationAndSeedDependent()
    {
        int[] a = Enumerable.Range(0, 50).ToArray(), b = (int[])a.Clone(), c = (int[])a.Clone();
        new TrainingRandom(5).Shuffle(a.AsSpan());
        new TrainingRandom(5).Shuffle(b.AsSpan());
        new TrainingRandom(6).Shuffle(c.AsSpan());
        Assert.Equal(Enumerable.Range(0, 50), a.Order());
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(Enumerable.Range(0, 50), a);
    }

    [Fact]
    public void WeightInit_XavierAndKaiming_RespectBoundsFromShape()
    {
        var random = new TrainingRandom(7);
        var w = new Parameter("w", 40, 60); // fan-out 40, fan-in 60
        WeightInit.XavierUniform(w, random);
        float xavier = MathF.Sqrt(6f / 100f);
        Assert.All(w.Value, v => Assert.InRange(v, -xavier, xavier));
        Assert.True(w.Value.Max() > 0.9f * xavier && w.Value.Min() < -0.9f * xavier);

        WeightInit.KaimingUniform(w, random);
        float kaiming = MathF.Sqrt(6f / 60f);
        Assert.All(w.Value, v => Assert.InRange(v, -kaiming, kaiming));
        Assert.True(w.Value.Max() > 0.9f * kaiming);
        // Uniform(±b) has variance b²/3.
        double variance = w.Value.Select(v => (double)v * v).Average();
        Assert.Equal(kaiming * kaiming / 3, variance, 2);
    }
}
