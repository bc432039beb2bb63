using System.Collections.Concurrent;
using NomadMuse.Classification.Background;
using NomadMuse.Classification.Model;
using NomadMuse.Classification.Runtime;
using NomadMuse.State;

namespace NomadMuse.Classification.Tests.Background;

public sealed class TrackClassificationLoopTests
{
    // Hang guard only: on a quiet machine each wait ends in well under a second.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    // Random weights are enough here: these tests check the plumbing, not what the model hears.
    private static readonly InstrumentClassifierModel Model = new(21);

    [Fact]
    public void Push_OddStereoBuffers_DecidesExactlyAsATrackClassifierOnTheSameFrames()
    {
        const int Rate = 48_000;
        float[] mono = Signal(Rate, 1.0);
        var decisions = new ConcurrentQueue<TrackDecisionEventArgs>();
        using var fiveDecided = new CountdownEvent(5);
        var state = new UnifiedState();
        using (var loop = new TrackClassificationLoop(state, Options()))
        {
            loop.Decided += (_, e) =>
            {
                decisions.Enqueue(e);
                fiveDecided.Signal();
            };
            Assert.True(loop.RegisterTrack(4, Rate));

            // Odd buffer sizes straddle the 50 ms frames and the ring's end; identical channels downmix exactly.
            for (int start = 0; start < mono.Length; start += 777)
            {
                float[] stereo = Interleave(mono.AsSpan(start, Math.Min(777, mono.Length - start)));
                Assert.True(loop.Push(4, stereo, 2, Rate));
            }

            Assert.True(fiveDecided.Wait(HangGuard), $"only {decisions.Count} of 5 decisions arrived");
        }

        // The same frames through one TrackClassifier on this thread.
        var reference = new TrackClassifier(new InstrumentClassifier(Model, Rate), 4);
        var expected = new List<TrackDecision>();
        for (int start = 0; start < mono.Length; start += Rate / 20)
        {
            if (reference.Process(mono.AsSpan(start, Rate / 20)) is { } d)
            {
                expected.Add(d);
            }
        }

        Assert.Equal(expected, decisions.Select(e => e.Decision));
        Assert.All(decisions, e => Assert.Equal(4, e.TrackId));
        Assert.True(decisions.First().Published);
        TrackInfo written = state.Current.Tracks[4];
        TrackDecision lastWritten = decisions.Last(e => e.Published).Decision;
        Assert.Equal((lastWritten.Instrument, lastWritten.Type, lastWritten.Confidence), (written.Instrument, written.Type, written.Confidence));
    }

    [Fact]
    public void DecidedHandlerThrows_FaultedIsRaisedAndTheLoopCarriesOn()
    {
        var faults = new ConcurrentQueue<Exception>();
        using var twoFaults = new CountdownEvent(2);
        using var loop = new TrackClassificationLoop(new UnifiedState(), Options());
        loop.Decided += (_, e) => throw new InvalidOperationException($"handler failed on track {e.TrackId}");
        loop.Faulted += (_, e) =>
        {
            faults.Enqueue((Exception)e.ExceptionObject);
            twoFaults.Signal();
        };
        loop.RegisterTrack(1, 22_050);

        // 0.5 s = nine whole frames of 1 103 samples (50 ms rounded up): two 200 ms windows, the second decided
        // although the first one's handler threw.
        Assert.True(loop.Push(1, Signal(22_050, 0.5), 1, 22_050));
        Assert.True(twoFaults.Wait(HangGuard), $"only {faults.Count} of 2 faults were reported");
        Assert.All(faults, f => Assert.Equal("handler failed on track 1", f.Message));
        Assert.True(SpinWait.SpinUntil(() => loop.Counters.FramesClassified == 9, HangGuard));
        Assert.Equal(2, loop.Counters.Decisions);
    }

    [Fact]
    public void RegisterTrack_SameRateKeepsTheTrackOtherRateStartsAfresh()
    {
        using var decided = new ManualResetEventSlim();
        using var loop = new TrackClassificationLoop(new UnifiedState(), Options());
        loop.Decided += (_, _) => decided.Set();
        Assert.True(loop.RegisterTrack(2, 48_000));
        Assert.True(loop.Push(2, Signal(48_000, 0.2), 1, 48_000));
        Assert.True(decided.Wait(HangGuard), "no decision arrived");
        Assert.True(loop.TryGetDecision(2, out _));

        Assert.False(loop.RegisterTrack(2, 48_000));
        Assert.True(loop.TryGetDecision(2, out _));
        Assert.True(loop.RegisterTrack(2, 44_100));
        Assert.False(loop.TryGetDecision(2, out _));
        Assert.False(loop.Push(2, new float[64], 1, 48_000));
        Assert.Equal(1, loop.Counters.RateMismatches);
    }

    [Fact]
    public void BadArguments_ThrowNamingTheArgument()
    {
        using var loop = new TrackClassificationLoop(new UnifiedState(), Options());
        Assert.Equal("trackId", Assert.Throws<ArgumentOutOfRangeException>(() => loop.RegisterTrack(-1, 48_000)).ParamName);
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => loop.RegisterTrack(0, 7_999)).ParamName);
        Assert.Equal("channels", Assert.Throws<ArgumentOutOfRangeException>(() => loop.Push(0, new float[66], 33, 48_000)).ParamName);
        Assert.Equal("interleaved", Assert.Throws<ArgumentException>(() => loop.Push(0, new float[5], 2, 48_000)).ParamName);
        Assert.Equal("WindowMilliseconds", Assert.Throws<ArgumentOutOfRangeException>(
            () => new TrackClassificationLoop(new UnifiedState(), new TrackClassificationLoopOptions { WindowMilliseconds = 250 })).ParamName);
        Assert.Equal("RingSeconds", Assert.Throws<ArgumentOutOfRangeException>(
            () => new TrackClassificationLoop(new UnifiedState(), new TrackClassificationLoopOptions { RingSeconds = 0.01 })).ParamName);
    }

    [Fact]
    public void Dispose_Twice_StopsOnce()
    {
        var loop = new TrackClassificationLoop(new UnifiedState(), Options());
        loop.Dispose();
        loop.Dispose();
        Assert.Equal(default, loop.Counters);
    }

    private static TrackClassificationLoopOptions Options() => new() { Classifier = new InstrumentClassifier(Model, 22_050) };

    /// <summary>A tone with a noise burst every 100 ms, loud enough that no frame is silent.</summary>
    private static float[] Signal(int rate, double seconds)
    {
        int length = (int)(rate * seconds);
        float[] tone = TestSignals.Sine(330, rate, length, 0.2f);
        float[] noise = TestSignals.Noise(length, 0.3f, 9);
        for (int i = 0; i < length; i++)
        {
            tone[i] += i % (rate / 10) < rate / 50 ? noise[i] : 0f;
        }

        return tone;
    }

    private static float[] Interleave(ReadOnlySpan<float> mono)
    {
        var stereo = new float[mono.Length * 2];
        for (int i = 0; i < mono.Length; i++)
        {
            stereo[2 * i] = stereo[(2 * i) + 1] = mono[i];
        }

        return stereo;
    }
}
