using NomadMuse.Analysis.Background;
using NomadMuse.State;

namespace NomadMuse.Analysis.Tests.Background;

public sealed class MixAnalysisLoopTests
{
    private const int Rate = 44_100;

    [Fact]
    public void Push_AfterWarmUp_AllocatesNothing()
    {
        using var loop = new MixAnalysisLoop(new UnifiedState(), new MixAnalysisLoopOptions { SampleRate = Rate, RingSeconds = 60 });
        float[] buffer = new float[512 * 2];
        loop.Push(buffer);
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => loop.Push(buffer), calls: 200));
    }

    [Fact]
    public void Push_StereoMix_PublishesBandsAndSuggestionsToTheState()
    {
        var state = new UnifiedState();
        using var loop = new MixAnalysisLoop(state, new MixAnalysisLoopOptions { SampleRate = Rate, Genre = "rock", UpdateInterval = TimeSpan.FromMilliseconds(50) });
        int updates = 0;
        loop.Updated += (_, e) => Interlocked.Increment(ref updates);
        Assert.Equal("rock", state.Current.Mix.Genre);

        // Polarity-flipped pink noise: the critical phase suggestion must reach the state.
        float[] mix = MixSignals.FlipRight(MixSignals.PinkStereo(2, Rate * 2, 0.9));
        PushInBuffers(loop, mix, 441);
        Assert.True(SpinWait.SpinUntil(() => loop.Updates > 0 && loop.SecondsAnalysed >= 1.99, TimeSpan.FromSeconds(15)), "no update arrived");
        Assert.True(SpinWait.SpinUntil(() => state.Current.Mix.Suggestions.Any(s => s.Severity == SuggestionSeverity.Critical && s.Band is null && s.Action == MixAction.Narrow), TimeSpan.FromSeconds(15)));
        Assert.True(float.IsFinite(state.Current.Mix.Bands[Band.Mid]));
        Assert.NotNull(loop.LastReport);
        // Updated is raised after the counters move, on the loop thread: wait for it rather than race it.
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref updates) >= 1, TimeSpan.FromSeconds(15)), "the Updated event was not raised");
        Assert.Equal(0, loop.Overruns);
    }

    [Fact]
    public void Push_MoreThanTheRingHolds_CountsTheOverrun()
    {
        using var loop = new MixAnalysisLoop(new UnifiedState(), new MixAnalysisLoopOptions { SampleRate = 8_000, Channels = 1, RingSeconds = 0.05 });
        float[] tooBig = new float[1_000];
        Assert.False(loop.Push(tooBig));
        Assert.Equal(1, loop.Overruns);
        Assert.Equal(1_000, loop.DroppedSamples);
        Assert.True(loop.Push(new float[100]));
        Assert.Equal(1, loop.Overruns);
    }

    [Fact]
    public void Push_PartialFrame_Throws()
    {
        using var loop = new MixAnalysisLoop(new UnifiedState());
        Assert.Throws<ArgumentException>(() => loop.Push(new float[3]));
    }

    [Fact]
    public void Dispose_StopsTheThread_PublishesPendingAudio_AndIsIdempotent()
    {
        var state = new UnifiedState();
        var loop = new MixAnalysisLoop(state, new MixAnalysisLoopOptions { SampleRate = Rate, UpdateInterval = TimeSpan.FromSeconds(60) });
        PushInBuffers(loop, MixSignals.PinkStereo(5, Rate), 1024);
        loop.Dispose();
        long updates = loop.Updates;
        Assert.Equal(1, updates);
        Assert.NotNull(loop.LastReport);
        loop.Dispose();
        Assert.True(loop.Push(new float[64]) || loop.Overruns > 0);
        Thread.Sleep(100);
        Assert.Equal(updates, loop.Updates);
    }

    [Fact]
    public void RequestReset_StartsTheAnalysisAfresh()
    {
        using var loop = new MixAnalysisLoop(new UnifiedState(), new MixAnalysisLoopOptions { SampleRate = Rate, UpdateInterval = TimeSpan.FromMilliseconds(20) });
        PushInBuffers(loop, MixSignals.PinkStereo(6, Rate), 1024);
        Assert.True(SpinWait.SpinUntil(() => loop.SecondsAnalysed >= 0.99, TimeSpan.FromSeconds(15)));
        loop.RequestReset();
        PushInBuffers(loop, MixSignals.PinkStereo(7, Rate / 4), 1024);
        Assert.True(SpinWait.SpinUntil(() => Math.Abs(loop.SecondsAnalysed - 0.25) < 0.01, TimeSpan.FromSeconds(15)), $"analysed {loop.SecondsAnalysed} s");
    }

    [Fact]
    public void UpdatedHandlerThrows_FaultedIsRaised_AndTheLoopCarriesOn()
    {
        using var loop = new MixAnalysisLoop(new UnifiedState(), new MixAnalysisLoopOptions { SampleRate = Rate, UpdateInterval = TimeSpan.FromMilliseconds(20) });
        Exception? fault = null;
        loop.Updated += (_, _) => throw new InvalidOperationException("handler failed");
        loop.Faulted += (_, e) => fault = (Exception)e.ExceptionObject;
        PushInBuffers(loop, MixSignals.PinkStereo(8, Rate / 2), 1024);
        Assert.True(SpinWait.SpinUntil(() => fault is not null, TimeSpan.FromSeconds(15)));
        long before = loop.Updates;
        PushInBuffers(loop, MixSignals.PinkStereo(9, Rate / 2), 1024);
        Assert.True(SpinWait.SpinUntil(() => loop.Updates > before, TimeSpan.FromSeconds(15)));
        Assert.Equal("handler failed", fault!.Message);
    }

    [Theory]
    [InlineData(1_000, 2, 1.5, 2, "SampleRate")]
    [InlineData(48_000, 0, 1.5, 2, "Channels")]
    [InlineData(48_000, 2, 0.001, 2, "UpdateInterval")]
    [InlineData(48_000, 2, 1.5, 0, "RingSeconds")]
    public void Constructor_BadOption_ThrowsNamingIt(int rate, int channels, double seconds, double ring, string name)
    {
        var options = new MixAnalysisLoopOptions { SampleRate = rate, Channels = channels, UpdateInterval = TimeSpan.FromSeconds(seconds), RingSeconds = ring };
        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => new MixAnalysisLoop(new UnifiedState(), options)).ParamName);
    }

    [Fact]
    public void Constructor_UnknownGenre_ThrowsListingTheBuiltins()
    {
        var e = Assert.Throws<ArgumentException>(() => new MixAnalysisLoop(new UnifiedState(), new MixAnalysisLoopOptions { Genre = "polka" }));
        Assert.Contains("rock", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static void PushInBuffers(MixAnalysisLoop loop, float[] mix, int frames)
    {
        for (int i = 0; i < mix.Length; i += frames * 2)
        {
            while (!loop.Push(mix.AsSpan(i, Math.Min(frames * 2, mix.Length - i))))
            {
                Thread.Sleep(1);
            }
        }
    }
}
