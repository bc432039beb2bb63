using NomadMuse.Classification.Background;

namespace NomadMuse.Classification.Tests.Background;

public sealed class PendingTrackRequestsTests
{
    [Fact]
    public void Post_SameRequestTwice_TakesOneSlot()
    {
        var pending = new PendingTrackRequests(2);
        Assert.True(pending.TryPost(int.MaxValue, 384_000));
        Assert.True(pending.TryPost(int.MaxValue, 384_000));
        Assert.True(pending.TryPost(0, 8_000));
        Assert.False(pending.TryPost(5, 48_000)); // both slots taken

        Assert.True(pending.TryTake(0, out int track, out int rate));
        Assert.Equal((int.MaxValue, 384_000), (track, rate));
        Assert.True(pending.TryTake(1, out track, out rate));
        Assert.Equal((0, 8_000), (track, rate));
        Assert.False(pending.TryTake(0, out _, out _));
        Assert.True(pending.TryPost(5, 48_000)); // emptied slots are reused
    }
}
