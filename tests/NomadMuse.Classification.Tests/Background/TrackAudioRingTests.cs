using NomadMuse.Classification.Background;

namespace NomadMuse.Classification.Tests.Background;

public sealed class TrackAudioRingTests
{
    [Fact]
    public void Constructor_RoundsUpToAPowerOfTwoAndRejectsBadSizes()
    {
        Assert.Equal(8, new TrackAudioRing(5).Capacity);
        Assert.Equal(65_536, new TrackAudioRing(48_000).Capacity);
        Assert.Equal("minimumCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new TrackAudioRing(0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrackAudioRing((1 << 28) + 1));
    }

    [Fact]
    public void WriteAndRead_AcrossTheEnd_KeepOrderAndDownmixStereo()
    {
        var ring = new TrackAudioRing(8);
        var scratch = new float[8];
        Assert.True(ring.TryWriteDownmixed(new float[6], 1));
        Assert.Equal(6, ring.Read(scratch));

        // Mono at indices 6, 7, 0, 1: the copy splits at the end of the buffer.
        Assert.True(ring.TryWriteDownmixed([7, 8, 9, 10], 1));
        Assert.Equal(4, ring.Count);
        Assert.Equal(4, ring.Read(scratch));
        Assert.Equal([7f, 8f, 9f, 10f], scratch[..4]);

        // Three stereo frames at indices 7, 0, 1 (after five more at 2–6), each the mean of its two channels.
        Assert.True(ring.TryWriteDownmixed(new float[5], 1));
        Assert.Equal(5, ring.Read(scratch));
        Assert.True(ring.TryWriteDownmixed([1, 3, 10, 20, -4, 4], 2));
        Assert.Equal(3, ring.Read(scratch));
        Assert.Equal([2f, 15f, 0f], scratch[..3]);
        Assert.Equal(0, ring.Read(scratch));
    }

    [Fact]
    public void Write_WhenNotEverythingFits_WritesNothing()
    {
        var ring = new TrackAudioRing(8);
        Assert.True(ring.TryWriteDownmixed(new float[6], 1));
        Assert.False(ring.TryWriteDownmixed([1, 2, 3], 1));
        Assert.Equal(6, ring.Count);
        Assert.True(ring.TryWriteDownmixed([1, 2], 1));
        Assert.Equal(8, ring.Count);
    }

    [Fact]
    public void ProducerAndConsumerThreads_EverySampleArrivesOnceInOrder()
    {
        const int Total = 1 << 20; // sample values stay exact in float up to 2^24
        var ring = new TrackAudioRing(1024);
        var producer = new Thread(() =>
        {
            var block = new float[2 * 333]; // stereo, an odd frame count so writes straddle the end of the ring
            int next = 0;
            while (next < Total)
            {
                int frames = Math.Min(333, Total - next);
                for (int f = 0; f < frames; f++)
                {
                    block[2 * f] = next + f - 0.5f;
                    block[(2 * f) + 1] = next + f + 0.5f; // the mono average is exactly next + f
                }

                while (!ring.TryWriteDownmixed(block.AsSpan(0, 2 * frames), 2))
                {
                    Thread.Yield(); // the consumer frees room; a full ring refuses the whole buffer
                }

                next += frames;
            }
        });
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
                    Thread.Yield();
                }
            }
        });
        producer.Start();
        consumer.Start();

        // Hang guards only: on a quiet machine both threads finish in well under a second.
        Assert.True(producer.Join(TimeSpan.FromSeconds(120)), "the producer hung");
        Assert.True(consumer.Join(TimeSpan.FromSeconds(120)), $"the consumer hung after {received} samples");
        Assert.Equal(-1, firstWrong);
        Assert.Equal(Total, received);
        Assert.Equal(0, ring.Count);
    }
}
