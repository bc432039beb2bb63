using NomadMuse.Core.Concurrency;

namespace NomadMuse.Core.Tests.Concurrency;

public sealed class SpscRingThreadTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ProducerAndConsumerThreads_EverySampleArrivesOnceInOrder(bool reserveAndCommit)
    {
        const int Total = 1 << 20; // sample values stay exact in float up to 2^24
        var ring = new SpscRing<float>(1024);
        var producer = new Thread(() =>
        {
            var block = new float[333]; // not a divisor of the capacity, so writes straddle the end of the ring
            int next = 0;
            while (next < Total)
            {
                int n = Math.Min(block.Length, Total - next);
                Number(block.AsSpan(0, n), next);
                while (!(reserveAndCommit ? TryWriteInPlace(ring, n, next) : ring.TryWrite(block.AsSpan(0, n))))
                {
                    Thread.Yield(); // the consumer frees room; a full ring refuses the whole block
                }

                next += n;
            }
        })
        { IsBackground = true }; // a hung thread must not keep the test host alive
        int received = 0, firstWrong = -1;
        var consumer = new Thread(() =>
        {
            var chunk = new float[500];
            while (received < Total)
            {
                int read = ring.Read(chunk);
                for (int i = 0; i < read; i++)
                {
                    if (firstWrong < 0 && chunk[i] != received + i)
                    {
                        firstWrong = received + i;
                    }
                }

                received += read;
                if (read == 0)
                {
                    if (!producer.IsAlive && ring.Count == 0)
                    {
                        break; // samples were lost: fail on the count instead of waiting for them
                    }

                    Thread.Yield();
                }
            }
        })
        { IsBackground = true };
        producer.Start();
        consumer.Start();

        // Hang guards only: on a quiet machine both threads finish in well under a second.
        Assert.True(producer.Join(TimeSpan.FromSeconds(120)), "the producer hung");
        Assert.True(consumer.Join(TimeSpan.FromSeconds(120)), $"the consumer hung after {received} samples");
        Assert.Equal(-1, firstWrong);
        Assert.Equal(Total, received);
        Assert.Equal(0, ring.Count);
    }

    private static bool TryWriteInPlace(SpscRing<float> ring, int count, int firstValue)
    {
        if (!ring.TryReserve(count, out Span<float> first, out Span<float> second))
        {
            return false;
        }

        Number(first, firstValue);
        Number(second, firstValue + first.Length);
        ring.Commit(count);
        return true;
    }

    private static void Number(Span<float> slots, int firstValue)
    {
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = firstValue + i;
        }
    }
}
