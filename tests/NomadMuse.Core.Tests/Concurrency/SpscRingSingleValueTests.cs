using System.Diagnostics;
using NomadMuse.Core.Concurrency;

namespace NomadMuse.Core.Tests.Concurrency;

/// <summary>The one-value-at-a-time side of the ring, as the generator's look-ahead uses it for predicted events.</summary>
public sealed class SpscRingSingleValueTests
{
    [Fact]
    public void SingleValues_ConcurrentProducerAndConsumer_DeliverEveryValueOnceInOrder()
    {
        const long N = 100_000;
        var ring = new SpscRing<(long Value, long Check)>(8);
        bool stop = false;
        var producer = new Thread(() =>
        {
            for (long i = 0; i < N && !Volatile.Read(ref stop);)
            {
                if (ring.TryWrite((i, ~i)))
                {
                    i++;
                }
                else
                {
                    Thread.Yield(); // two spinning threads on a busy 2-core machine would starve each other
                }
            }
        });
        producer.Start();
        long expected = 0, torn = 0;
        var clock = Stopwatch.StartNew();
        while (expected < N && clock.Elapsed < TimeSpan.FromSeconds(90)) // a hang guard only: under a loaded CI box 100k yields took ~17 s
        {
            if (ring.TryRead(out var item))
            {
                torn += item.Check == ~item.Value ? 0 : 1;
                Assert.Equal(expected, item.Value);
                expected++;
            }
            else
            {
                Thread.Yield();
            }
        }

        Volatile.Write(ref stop, true);
        producer.Join();
        Assert.Equal(N, expected);
        Assert.Equal(0, torn);
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void SingleValues_FullAndEmpty_AreRefusedWithoutBlocking()
    {
        var ring = new SpscRing<int>(5); // rounds up to 8
        Assert.Equal(8, ring.Capacity);
        Assert.False(ring.TryRead(out _));
        for (int i = 0; i < 8; i++)
        {
            Assert.True(ring.TryWrite(i));
        }

        Assert.False(ring.TryWrite(99));
        Assert.True(ring.TryRead(out int first));
        Assert.Equal(0, first);
        Assert.True(ring.TryWrite(8));
        Assert.Equal(8, ring.Count);
    }

    [Fact]
    public void SingleValues_And_Blocks_ShareOneOrder()
    {
        var ring = new SpscRing<int>(8);
        Assert.True(ring.TryWrite(1));
        Assert.True(ring.TryWrite([2, 3, 4]));
        Assert.True(ring.TryWrite(5));
        Assert.True(ring.TryRead(out int first));
        var rest = new int[8];
        Assert.Equal(4, ring.Read(rest));
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, new[] { first, rest[0], rest[1], rest[2], rest[3] });
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Commit(1)); // a single write leaves nothing reserved
    }
}
