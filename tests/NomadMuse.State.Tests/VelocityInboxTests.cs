using NomadMuse.State;

namespace NomadMuse.State.Tests;

public sealed class VelocityInboxTests
{
    [Fact]
    public void TryEnqueue_FourProducersOneConsumer_EveryValueArrivesOnceInProducerOrder()
    {
        var inbox = new VelocityInbox(256);
        const int PerProducer = 5_000;
        var received = new List<int>(4 * PerProducer);
        int producersDone = 0;

        var consumer = new Thread(() =>
        {
            while (true)
            {
                bool finished = Volatile.Read(ref producersDone) == 4;
                int got = 0;
                while (inbox.TryDequeue(out int v))
                {
                    received.Add(v);
                    got++;
                }

                if (finished)
                {
                    return;
                }

                if (got == 0)
                {
                    Thread.Sleep(0); // let producers run on this 2-core machine
                }
            }
        });
        consumer.Start();
        var producers = Enumerable.Range(0, 4).Select(p => new Thread(() =>
        {
            for (int i = 0; i < PerProducer; i++)
            {
                // Value encodes producer and sequence; spin while the ring is full.
                while (!inbox.TryEnqueue((p * PerProducer) + i))
                {
                    Thread.Sleep(0);
                }
            }

            Interlocked.Increment(ref producersDone);
        })).ToArray();
        foreach (Thread t in producers)
        {
            t.Start();
        }

        foreach (Thread t in producers)
        {
            Assert.True(t.Join(TimeSpan.FromSeconds(10)));
        }

        Assert.True(consumer.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(4 * PerProducer, received.Count);
        Assert.Equal(Enumerable.Range(0, 4 * PerProducer), received.Order());
        for (int p = 0; p < 4; p++)
        {
            int[] own = received.Where(v => v / PerProducer == p).ToArray();
            Assert.Equal(Enumerable.Range(p * PerProducer, PerProducer), own);
        }
    }

    [Fact]
    public void TryEnqueue_WhenFull_ReturnsFalseUntilDequeued()
    {
        var inbox = new VelocityInbox(4);
        for (int i = 0; i < 4; i++)
        {
            Assert.True(inbox.TryEnqueue(i));
        }

        Assert.False(inbox.TryEnqueue(9));
        Assert.True(inbox.TryDequeue(out int first));
        Assert.Equal(0, first);
        Assert.True(inbox.TryEnqueue(9));
        Assert.Equal([1, 2, 3, 9], Enumerable.Range(0, 4).Select(_ => inbox.TryDequeue(out int v) ? v : -1));
        Assert.False(inbox.TryDequeue(out _));
    }
}
