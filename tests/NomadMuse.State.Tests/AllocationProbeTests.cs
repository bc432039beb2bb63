namespace NomadMuse.State.Tests;

/// <summary>The shared probe every real-time allocation test relies on must see a per-call allocation.</summary>
public sealed class AllocationProbeTests
{
    private static object? sink;

    [Fact]
    public void MinAllocatedBytes_CallThatAllocates_ReportsEveryRoundsBytes()
    {
        long bytes = AllocationProbe.MinAllocatedBytes(() => sink = new byte[100], calls: 10);
        Assert.True(bytes >= 10 * 100, $"{bytes} bytes");
        Assert.NotNull(sink);
    }

    [Fact]
    public void MinAllocatedBytes_CallThatDoesNotAllocate_ReportsZero()
    {
        int[] counter = new int[1];
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => counter[0]++, calls: 10));
        Assert.Equal(3 + (5 * 10), counter[0]);
    }
}
