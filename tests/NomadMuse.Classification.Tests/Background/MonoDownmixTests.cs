using NomadMuse.Classification.Background;
using NomadMuse.Core.Concurrency;

namespace NomadMuse.Classification.Tests.Background;

public sealed class MonoDownmixTests
{
    [Fact]
    public void TryWrite_Mono_PassesSamplesThrough()
    {
        var ring = new SpscRing<float>(8);
        var scratch = new float[8];
        Assert.True(MonoDownmix.TryWrite(ring, [7, 8, 9], 1));
        Assert.Equal(3, ring.Read(scratch));
        Assert.Equal([7f, 8f, 9f], scratch[..3]);
    }

    [Fact]
    public void TryWrite_StereoAcrossTheEnd_WritesTheMeanOfEachFrame()
    {
        var ring = new SpscRing<float>(8);
        var scratch = new float[8];
        Assert.True(ring.TryWrite(new float[7]));
        Assert.Equal(7, ring.Read(scratch));

        // Three frames at indices 7, 0, 1: the mono frames split at the end of the buffer.
        Assert.True(MonoDownmix.TryWrite(ring, [1, 3, 10, 20, -4, 4], 2));
        Assert.Equal(3, ring.Read(scratch));
        Assert.Equal([2f, 15f, 0f], scratch[..3]);
        Assert.Equal(0, ring.Read(scratch));
    }

    [Fact]
    public void TryWrite_ThreeChannels_AveragesAllOfThem()
    {
        var ring = new SpscRing<float>(4);
        var scratch = new float[4];
        Assert.True(MonoDownmix.TryWrite(ring, [3, 6, 9, -3, 0, 3], 3));
        Assert.Equal(2, ring.Read(scratch));
        Assert.Equal([6f, 0f], scratch[..2]);
    }

    [Fact]
    public void TryWrite_WhenNotEveryFrameFits_WritesNothing()
    {
        var ring = new SpscRing<float>(8);
        Assert.True(ring.TryWrite(new float[6]));
        Assert.False(MonoDownmix.TryWrite(ring, [1, 1, 2, 2, 3, 3], 2));
        Assert.False(MonoDownmix.TryWrite(ring, [1, 2, 3], 1));
        Assert.Equal(6, ring.Count);
        Assert.True(MonoDownmix.TryWrite(ring, [1, 1, 2, 2], 2));
        Assert.Equal(8, ring.Count);
    }

    [Fact]
    public void TryWrite_AllocatesNothing()
    {
        var ring = new SpscRing<float>(64);
        float[] stereo = new float[2 * 13], read = new float[13];
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() =>
        {
            MonoDownmix.TryWrite(ring, stereo, 2);
            ring.Read(read);
        }, calls: 200));
    }
}
