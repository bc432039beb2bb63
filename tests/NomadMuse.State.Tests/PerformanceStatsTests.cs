using NomadMuse.State;

namespace NomadMuse.State.Tests;

public sealed class PerformanceStatsTests
{
    [Fact]
    public void Record_ManyVelocities_MeanAndVarianceMatchNaiveOverLast100()
    {
        var rng = new Random(42);
        var all = new List<int>();
        PerformanceStats stats = PerformanceStats.Empty;
        for (int i = 0; i < 1000; i++)
        {
            int v = rng.Next(0, 128);
            all.Add(v);
            stats = stats.Record(v);

            int[] window = all.Skip(Math.Max(0, all.Count - 100)).ToArray();
            double mean = window.Average();
            double variance = window.Sum(x => (x - mean) * (x - mean)) / window.Length;
            Assert.Equal(window.Length, stats.Count);
            Assert.Equal(mean, stats.Mean, 1e-9);
            Assert.Equal(variance, stats.Variance, 1e-9);
            Assert.Equal(v, stats.Latest);
            Assert.Equal(window[0], stats[0]);
        }
    }

    [Fact]
    public void Record_HandComputed()
    {
        // 10, 20, 30: mean 20, population variance (100 + 0 + 100) / 3.
        PerformanceStats stats = PerformanceStats.Empty.Record(10).Record(20).Record(30);
        Assert.Equal(20, stats.Mean);
        Assert.Equal(200.0 / 3, stats.Variance, 1e-12);
        Assert.Equal(Math.Sqrt(200.0 / 3), stats.StandardDeviation, 1e-12);
    }

    [Fact]
    public void Record_ReturnsNewValueAndLeavesOriginalUnchanged()
    {
        PerformanceStats one = PerformanceStats.Empty.Record(64);
        PerformanceStats two = one.Record(100);
        Assert.Equal(1, one.Count);
        Assert.Equal(64, one.Latest);
        Assert.Equal(2, two.Count);
        Assert.Equal(0, PerformanceStats.Empty.Count);
    }

    [Fact]
    public void RecordBatch_EqualsOneByOne()
    {
        int[] velocities = Enumerable.Range(0, 250).Select(i => (i * 7) % 128).ToArray();
        PerformanceStats batch = PerformanceStats.Empty.Record(velocities);
        PerformanceStats single = velocities.Aggregate(PerformanceStats.Empty, (s, v) => s.Record(v));
        var a = new int[100];
        var b = new int[100];
        Assert.Equal(100, batch.CopyTo(a));
        single.CopyTo(b);
        Assert.Equal(b, a);
        Assert.Equal(velocities[^100..], a);
        Assert.Equal(single.Variance, batch.Variance);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(128)]
    public void Record_OutOfRange_Throws(int velocity)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PerformanceStats.Empty.Record(velocity));
    }

    [Fact]
    public void Empty_HasZeroStatistics()
    {
        Assert.Equal(0, PerformanceStats.Empty.Mean);
        Assert.Equal(0, PerformanceStats.Empty.Variance);
        Assert.Throws<InvalidOperationException>(() => PerformanceStats.Empty.Latest);
        Assert.Throws<ArgumentOutOfRangeException>(() => PerformanceStats.Empty[0]);
    }
}
