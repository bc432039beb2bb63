using NomadMuse.Core.Concurrency;

namespace NomadMuse.Core.Tests.Concurrency;

public sealed class SpscRingTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 8)]
    [InlineData(1024, 1024)]
    [InlineData(1025, 2048)]
    [InlineData(48_000, 65_536)]
    public void Constructor_RoundsCapacityUpToAPowerOfTwo(int requested, int expected) =>
        Assert.Equal(expected, new SpscRing<float>(requested).Capacity);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(SpscRing<float>.MaxCapacity + 1)]
    public void Constructor_BadCapacity_Throws(int requested) =>
        Assert.Equal("minimumCapacity", Assert.Throws<ArgumentOutOfRangeException>(() => new SpscRing<float>(requested)).ParamName);

    [Fact]
    public void Read_WhenEmpty_ReadsNothing()
    {
        var ring = new SpscRing<float>(4);
        Assert.Equal(0, ring.Read(new float[4]));
        Assert.True(ring.TryWrite([1, 2]));
        Assert.Equal(2, ring.Read(new float[4]));
        Assert.Equal(0, ring.Read(new float[4]));
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void WriteRead_AcrossTheWrap_PreservesOrder()
    {
        var ring = new SpscRing<float>(16);
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
    public void TryWrite_WhenNotEverythingFits_WritesNothing()
    {
        var ring = new SpscRing<float>(8);
        Assert.True(ring.TryWrite([1, 2, 3, 4, 5, 6]));
        Assert.False(ring.TryWrite([7, 8, 9]));
        Assert.Equal(6, ring.Count);
        Assert.True(ring.TryWrite([7, 8]));
        Assert.False(ring.TryWrite([9]));
        float[] all = new float[8];
        Assert.Equal(8, ring.Read(all));
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], all);
        Assert.False(ring.TryWrite(new float[9]));
        Assert.Equal(0, ring.Count);
    }

    [Fact]
    public void TryReserve_AcrossTheWrap_SplitsAndPublishesOnlyOnCommit()
    {
        var ring = new SpscRing<float>(8);
        var scratch = new float[8];
        Assert.True(ring.TryWrite(new float[6]));
        Assert.Equal(6, ring.Read(scratch));

        Assert.True(ring.TryReserve(4, out Span<float> first, out Span<float> second));
        Assert.Equal(2, first.Length);
        Assert.Equal(2, second.Length);
        first[0] = 7;
        first[1] = 8;
        second[0] = 9;
        second[1] = 10;
        Assert.Equal(0, ring.Count);
        ring.Commit(4);
        Assert.Equal(4, ring.Read(scratch));
        Assert.Equal([7f, 8f, 9f, 10f], scratch[..4]);
    }

    [Fact]
    public void TryReserve_WhenFull_LendsNothing()
    {
        var ring = new SpscRing<float>(4);
        Assert.True(ring.TryWrite([1, 2, 3]));
        Assert.False(ring.TryReserve(2, out Span<float> first, out Span<float> second));
        Assert.True(first.IsEmpty && second.IsEmpty);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Commit(1));
        Assert.Equal(3, ring.Count);
    }

    [Fact]
    public void Commit_MoreThanReservedOrTwice_Throws()
    {
        var ring = new SpscRing<float>(8);
        Assert.True(ring.TryReserve(3, out _, out _));
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => ring.Commit(4)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Commit(-1));
        ring.Commit(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.Commit(1));
        Assert.Equal(2, ring.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => ring.TryReserve(-1, out _, out _));
    }

    [Fact]
    public void WriteAndRead_AllocateNothing()
    {
        var ring = new SpscRing<float>(64);
        float[] data = new float[13], read = new float[13];
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() =>
        {
            ring.TryWrite(data);
            ring.Read(read);
        }, calls: 200));
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() =>
        {
            if (ring.TryReserve(data.Length, out Span<float> first, out Span<float> second))
            {
                first.Clear();
                second.Clear();
                ring.Commit(data.Length);
            }

            ring.Read(read);
        }, calls: 200));
    }
}
