using System.Diagnostics;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Runtime.Realtime;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class LookaheadTests
{
    [Fact]
    public void LatencyHistogram_Percentiles_BracketTheRecordedValues()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.PercentileMicroseconds(0.5));
        long tick = Stopwatch.Frequency / 1_000_000; // 1 µs in ticks (Frequency is at least 1 MHz on .NET)
        for (int i = 1; i <= 100; i++)
        {
            histogram.Record(i * 10 * tick); // 10, 20, …, 1000 µs
        }

        Assert.Equal(100, histogram.Count);
        double p50 = histogram.PercentileMicroseconds(0.5), p99 = histogram.PercentileMicroseconds(0.99);
        Assert.InRange(p50, 500, 500 * 1.19 + 1);   // the bucket edge is at most 2^(1/4) above
        Assert.InRange(p99, 990, 1000);             // capped by the exact maximum
        Assert.Equal(1000, histogram.MaxMicroseconds, 1e-6);
    }

    [Fact]
    public void Predictor_KeepsEightAhead_ServesThemInStreamOrder()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Mode = GenerationMode.Percussive, Seed = 3 });
        using var predictor = new LookaheadPredictor(session);
        WaitFor(() => predictor.Statistics.Buffered == 8);
        Thread.Sleep(20);
        Assert.Equal(8, predictor.Statistics.Predicted); // the worker stops when the ring is full

        double beat = 0;
        int read = 0;
        var clock = Stopwatch.StartNew();
        while (read < 2000 && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (predictor.TryRead(out PredictedEvent e) && !e.IsFallback)
            {
                Assert.True(e.Beat >= beat);
                Assert.True(e.Pitch < 0 || e.Pitch is >= 35 and <= 81);
                beat = e.Beat;
                read++;
            }
        }

        Assert.Equal(2000, read);
        Assert.Null(predictor.Fault);
        LookaheadStatistics stats = predictor.Statistics;
        Assert.True(stats.Served >= 2000);
        Assert.True(stats.StepP50Microseconds > 0 && stats.StepP99Microseconds >= stats.StepP50Microseconds);
    }

    [Fact]
    public void Predictor_SameSeed_StreamsTheSameTokensAsDirectStepping()
    {
        var direct = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 4 });
        int[] expected = new int[300];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(direct.TryStep(out PredictedEvent e));
            expected[i] = e.Token;
        }

        using var predictor = new LookaheadPredictor(RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 4 }));
        var actual = new List<int>();
        var clock = Stopwatch.StartNew();
        while (actual.Count < expected.Length && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (predictor.TryRead(out PredictedEvent e) && !e.IsFallback)
            {
                actual.Add(e.Token);
            }
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Predictor_WhenNothingIsReady_ServesTheLastPredictionAndCountsTheMiss()
    {
        // A one-deep ring and a consumer much faster than the worker: every other read finds nothing new.
        var session = RuntimeTestModels.Student().OpenSession(new GenerationOptions { Seed = 5 });
        using var predictor = new LookaheadPredictor(session, new LookaheadOptions { Depth = 1 });
        WaitFor(() => predictor.Statistics.Buffered == 1);
        Assert.True(predictor.TryRead(out PredictedEvent fresh));
        Assert.False(fresh.IsFallback);
        int fallbacks = 0;
        for (int i = 0; i < 100_000 && fallbacks == 0; i++)
        {
            Assert.True(predictor.TryRead(out PredictedEvent e));
            if (e.IsFallback)
            {
                fallbacks++;
            }
        }

        Assert.Equal(1, fallbacks);
        Assert.True(predictor.Statistics.Misses >= 1);
    }

    [Fact]
    public void Predictor_TryRead_AllocatesNothing()
    {
        var session = RuntimeTestModels.Small().OpenSession(new GenerationOptions { Seed = 6 });
        using var predictor = new LookaheadPredictor(session);
        WaitFor(() => predictor.Statistics.Buffered == 8);
        predictor.TryRead(out _);
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => predictor.TryRead(out _), calls: 2_000));
    }

    private static void WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "timed out waiting for the worker");
            Thread.Sleep(1);
        }
    }
}
