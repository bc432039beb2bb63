using NomadMuse.Analysis.Background;

namespace NomadMuse.Analysis.Tests.Background;

public sealed class SpscFloatRingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 8)]
    [InlineData(1024, 1024)]
    [InlineData(1025, 2048)]
    public void Constructor_RoundsCapacityUpToAPowerOfTwo(int requested, int expected) =>
        Assert.Equal(expected, new SpscFloatRing(requested).Capacity);

    [Fact]
    public void Constructor_BadCapacity_Throws() =>
        Assert.Equal("minimumCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new SpscFloatRing(0)).ParamName);

    [Fact]
    public void WriteRead_AcrossTheWrap_PreservesOrder()
    {
        var ring = new SpscFloatRing(16);
        float next = 0, expected = 0;
        float[] chunk = new float[5], read = new float[7];
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = next++;
            }

            Assert.True(ring.TryWrite(chunk));
            int n;
            while ((n = ring.Read(read)) > 0)
            {
                for (int i = 0; i < n; i++)
                {
                    Assert.Equal(expected++, read[i]);
                }
            }
        }

        Assert.Equal(next, expected);
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void TryWrite_WhenFull_WritesNothing()
    {
        var ring = new SpscFloatRing(8);
        Assert.True(ring.TryWrite([1, 2, 3, 4, 5, 6]));
        Assert.False(ring.TryWrite([7, 8, 9]));
        Assert.Equal(6, ring.Count);
        Assert.True(ring.TryWrite([7, 8]));
        float[] all = new float[8];
        Assert.Equal(8, ring.Read(all));
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], all);
        Assert.False(ring.TryWrite(new float[9]));
    }

    [Fact]
    public async Task ProducerAndConsumerThreads_TransferEverySampleInOrder()
    {
        var ring = new SpscFloatRing(256);
        const int Total = 200_000;
        var consumer = Task.Run(() =>
        {
            float[] buffer = new float[100];
            int expected = 0;
            while (expected < Total)
            {
                int n = ring.Read(buffer);
                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] != expected++)
                    {
                        return false;
                    }
                }
            }

            return true;
        });
        float[] chunk = new float[32];
        for (int start = 0; start < Total;)
        {
            int n = Math.Min(chunk.Length, Total - start);
            for (int i = 0; i < n; i++)
            {
                chunk[i] = start + i;
            }

            if (ring.TryWrite(chunk.AsSpan(0, n)))
            {
                start += n;
            }
            else
            {
                Thread.Yield();
            }
        }

        Assert.True(await consumer.WaitAsync(TimeSpan.FromSeconds(20)));
    }
}
