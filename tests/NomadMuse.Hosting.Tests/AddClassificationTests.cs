using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NomadMuse.Classification.Background;
using NomadMuse.Classification.Runtime;
using NomadMuse.Generation.Runtime;
using NomadMuse.State;
using NomadMuse.Testing;

namespace NomadMuse.Hosting.Tests;

public sealed class AddClassificationTests
{
    // Hang guards only: on a quiet machine each wait ends in well under a second.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    [Fact]
    public void AddClassification_Defaults_ResolveWithTheSeedsSettings()
    {
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse(b => b.AddClassification()).BuildServiceProvider();
        var muse = provider.GetRequiredService<IMuseCoordinator>();
        ClassificationModuleOptions options = provider.GetRequiredService<IOptions<ClassificationModuleOptions>>().Value;
        Assert.Equal(0.75f, options.ConfidenceThreshold);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.DecisionWindow);
        Assert.True(options.Quantize);
        Assert.Null(options.ModelPath);
        Assert.Equal(default, muse.ClassificationCounters);
        Assert.False(muse.TryGetTrackDecision(1, out _));
    }

    [Fact]
    public void AddClassification_BadOptions_ListsEveryProblem()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddNomadMuse(b => b.AddClassification(o =>
            {
                o.ModelPath = "/nonexistent/classifier.nmm";
                o.ConfidenceThreshold = 1f;
                o.DecisionWindow = TimeSpan.FromMilliseconds(50);
                o.SilenceThresholdDb = 3f;
                o.RingSeconds = 0;
            }))
            .BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IMuseCoordinator>());
        Assert.Equal(5, e.Failures.Count());
        Assert.Contains(e.Failures, f => f.Contains("ModelPath '/nonexistent/classifier.nmm' does not exist", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("ConfidenceThreshold", StringComparison.Ordinal) && f.Contains("0.75", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("DecisionWindow must be 100–200 ms (got 50 ms)", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("SilenceThresholdDb", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.Contains("RingSeconds must be 0.1–10 (got 0)", StringComparison.Ordinal));
        Assert.All(e.Failures, f => Assert.StartsWith("NomadMuse classification: ", f, StringComparison.Ordinal));
    }

    [Fact]
    public void OnTrackAudio_DrumsAndArpeggio_StateGetsTheirTypesAndGenerationFollows()
    {
        var decisions = new ConcurrentQueue<TrackDecisionEventArgs>();
        // 2 s per track in 200 ms windows: ten decisions each (every window has sound). Declared before the provider
        // so that it is disposed after the loop thread stopped.
        using var allDecided = new CountdownEvent(20);
        using ServiceProvider provider = new ServiceCollection()
            .AddNomadMuse(b => b.AddClassification(o => o.RingSeconds = 5).AddGeneration(o => o.Seed = 5))
            .BuildServiceProvider();
        var muse = provider.GetRequiredService<IMuseCoordinator>();
        muse.TrackClassified += (_, e) =>
        {
            decisions.Enqueue(e);
            if (!allDecided.IsSet)
            {
                allDecided.Signal();
            }
        };
        muse.RegisterTrack(1, 48_000);
        muse.RegisterTrack(2, 44_100);

        Feed(muse, 1, TrackSignals.Interleave(TrackSignals.DrumMachine(48_000, 2), 2), 2, 48_000);
        Feed(muse, 2, TrackSignals.SawArpeggio(44_100, 2), 1, 44_100);
        Assert.True(allDecided.Wait(HangGuard), $"only {decisions.Count} of 20 decisions arrived");

        StateSnapshot state = muse.State;
        Assert.Equal(TrackType.Percussive, state.Tracks[1].Type);
        Assert.Equal(TrackType.Tonal, state.Tracks[2].Type);
        Assert.All(decisions, e => Assert.Equal(e.TrackId == 1 ? TrackType.Percussive : TrackType.Tonal, e.Decision.Type));
        foreach (int track in new[] { 1, 2 })
        {
            // The state holds the last written decision; a later one may only have repeated it within 0.05.
            Assert.True(muse.TryGetTrackDecision(track, out TrackDecision latest));
            Assert.Equal(latest.Instrument, state.Tracks[track].Instrument);
            Assert.Equal(latest.Type, state.Tracks[track].Type);
            Assert.InRange(Math.Abs(latest.Confidence - state.Tracks[track].Confidence), 0f, 0.05f);
            Assert.Equal(latest.IsUncertain, latest.Confidence <= 0.75f);
        }

        // The 20th event fires before its frame is counted (a frame counts once its decision was handled), so wait for
        // the count rather than read it right after the event.
        Assert.True(
            SpinWait.SpinUntil(() => muse.ClassificationCounters.FramesClassified >= 80, HangGuard),
            $"only {muse.ClassificationCounters.FramesClassified} of 80 frames were counted");
        TrackClassificationCounters counters = muse.ClassificationCounters;
        Assert.Equal(80, counters.FramesClassified);
        Assert.Equal(20, counters.Decisions);
        Assert.InRange(counters.Publications, 2, 20);
        Assert.Equal(decisions.Count(e => e.Published), counters.Publications);
        Assert.Equal(0, counters.Overruns + counters.RateMismatches + counters.UnregisteredBuffers);

        // Generation in Auto mode follows the types the classifier wrote.
        IReadOnlyList<GeneratedNote> drums = muse.RequestNextBar(1), tonal = muse.RequestNextBar(2);
        Assert.NotEmpty(drums);
        Assert.All(drums, n => Assert.True(n.IsDrum && n.Pitch is >= 35 and <= 81));
        Assert.All(tonal, n => Assert.False(n.IsDrum));

        // A pause decides nothing and keeps the drums' decision. A frame is counted only after its decision was
        // handled, so once the count reaches 100 no decision of these frames can still be on its way.
        Feed(muse, 1, new float[48_000 * 2], 2, 48_000);
        WaitForFrames(muse, 100);
        Assert.Equal(20, muse.ClassificationCounters.Decisions);
        Assert.Equal(TrackType.Percussive, muse.State.Tracks[1].Type);
    }

    [Fact]
    public void OnTrackAudio_SteadyStateWrongRateFullRingAndNewTrack_AllocatesNothingAndCounts()
    {
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse(b => b.AddClassification(o => o.RingSeconds = 10)).BuildServiceProvider();
        var muse = provider.GetRequiredService<IMuseCoordinator>();
        muse.RegisterTrack(1, 48_000);
        float[] stereo = TrackSignals.Interleave(TrackSignals.DrumMachine(48_000, 256 / 48_000.0), 2);
        float[] tooLong = new float[600_000]; // more than the 10 s ring's 2^19 samples: never fits
        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                muse.OnTrackAudio(1, stereo, 2, 48_000);
                muse.OnTrackAudio(1, stereo, 2, 44_100);
                muse.OnTrackAudio(1, tooLong, 1, 48_000);
                muse.OnTrackAudio(2, stereo, 2, 48_000); // unregistered at first: the loop creates it meanwhile
                muse.TryGetTrackDecision(1, out _);
            },
            calls: 200);

        Assert.Equal(0, bytes);
        TrackClassificationCounters counters = muse.ClassificationCounters;
        const int Calls = 3 + (5 * 200);
        Assert.Equal(Calls, counters.Overruns);
        Assert.Equal(Calls * 600_000L, counters.DroppedFrames);
        Assert.Equal(Calls, counters.RateMismatches);
        Assert.InRange(counters.UnregisteredBuffers, 1, Calls);
    }

    [Fact]
    public void OnTrackAudio_UnregisteredTrack_IsCreatedByTheLoopAndClassified()
    {
        var decisions = new ConcurrentQueue<TrackDecision>();
        using var fiveDecided = new CountdownEvent(5);
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse(b => b.AddClassification()).BuildServiceProvider();
        var muse = provider.GetRequiredService<IMuseCoordinator>();
        muse.TrackClassified += (_, e) =>
        {
            if (e.TrackId == 3 && !fiveDecided.IsSet)
            {
                decisions.Enqueue(e.Decision);
                fiveDecided.Signal();
            }
        };
        float[] drums = TrackSignals.Interleave(TrackSignals.DrumMachine(48_000, 1), 2);

        // The first buffer of a track nobody registered is dropped and asks the loop thread to create the track.
        muse.OnTrackAudio(3, drums.AsSpan(0, 1024), 2, 48_000);
        Assert.Equal(1, muse.ClassificationCounters.UnregisteredBuffers);
        WaitUntilCreated(muse, 3, 48_000);

        // Then 1 s (20 frames, five windows) fits the default 1 s ring at once, whatever the loop thread is doing.
        Feed(muse, 3, drums, 2, 48_000);
        Assert.True(fiveDecided.Wait(HangGuard), $"only {decisions.Count} of 5 decisions arrived");
        Assert.All(decisions, d => Assert.Equal(TrackType.Percussive, d.Type));
        Assert.Equal(TrackType.Percussive, muse.State.Tracks[3].Type);
        Assert.Equal(0, muse.ClassificationCounters.Overruns);
    }

    [Fact]
    public void OnTrackAudio_DrumsPinkNoiseAndSilence_PercussiveUncertainAndUndecided()
    {
        var decisions = new ConcurrentQueue<TrackDecisionEventArgs>();
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse(b => b.AddClassification()).BuildServiceProvider();
        var muse = provider.GetRequiredService<IMuseCoordinator>();
        muse.TrackClassified += (_, e) => decisions.Enqueue(e);
        muse.RegisterTrack(1, 48_000);
        muse.RegisterTrack(2, 44_100);
        muse.RegisterTrack(3, 48_000);

        // 1 s each (fits the default 1 s ring): 20 frames, five 200 ms windows per track.
        Feed(muse, 1, TrackSignals.DrumMachine(48_000, 1), 1, 48_000);
        Feed(muse, 2, TrackSignals.Interleave(TrackSignals.PinkNoise(44_100, 1, seed: 1), 2), 2, 44_100);
        Feed(muse, 3, new float[48_000], 1, 48_000);
        WaitForFrames(muse, 60);

        StateSnapshot state = muse.State;
        TrackDecisionEventArgs[] drums = [.. decisions.Where(e => e.TrackId == 1)];
        Assert.Equal(5, drums.Length);
        Assert.All(drums, e => Assert.Equal(TrackType.Percussive, e.Decision.Type));
        Assert.Equal(TrackType.Percussive, state.Tracks[1].Type);

        // Noise has no instrument: every window stays below the threshold, and "uncertain" is what the state holds.
        TrackDecisionEventArgs[] noise = [.. decisions.Where(e => e.TrackId == 2)];
        Assert.Equal(5, noise.Length);
        Assert.All(noise, e => Assert.True(e.Decision.IsUncertain && e.Decision.Confidence < 0.75f, $"noise decided {e.Decision}"));
        Assert.Null(state.Tracks[2].Instrument);
        Assert.True(muse.TryGetTrackDecision(2, out TrackDecision latestNoise) && latestNoise.IsUncertain);

        // Digital silence decides nothing: no decision, no entry in the state.
        Assert.DoesNotContain(decisions, e => e.TrackId == 3);
        Assert.False(muse.TryGetTrackDecision(3, out _));
        Assert.False(state.Tracks.ContainsKey(3));
        Assert.Equal(10, muse.ClassificationCounters.Decisions);
    }

    [Fact]
    public void OnTrackAudio_BadArguments_ThrowNamingTheArgument()
    {
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse(b => b.AddClassification()).BuildServiceProvider();
        var muse = provider.GetRequiredService<IMuseCoordinator>();
        float[] buffer = new float[6];
        Assert.Equal("trackId", Assert.Throws<ArgumentOutOfRangeException>(() => muse.OnTrackAudio(-1, buffer, 2, 48_000)).ParamName);
        Assert.Equal("channels", Assert.Throws<ArgumentOutOfRangeException>(() => muse.OnTrackAudio(1, buffer, 0, 48_000)).ParamName);
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => muse.OnTrackAudio(1, buffer, 2, 1_000)).ParamName);
        var partial = Assert.Throws<ArgumentException>(() => muse.OnTrackAudio(1, buffer.AsSpan(0, 5), 2, 48_000));
        Assert.Contains("not whole frames of 2 channels", partial.Message, StringComparison.Ordinal);
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => muse.RegisterTrack(1, 500_000)).ParamName);
    }

    [Fact]
    public void TrackCalls_WithoutAddClassification_AreNoOpsOrSayWhatToCall()
    {
        using ServiceProvider provider = new ServiceCollection().AddNomadMuse().BuildServiceProvider();
        var muse = provider.GetRequiredService<IMuseCoordinator>();
        muse.OnTrackAudio(1, new float[512], 2, 48_000);
        muse.TrackClassified += (_, _) => Assert.Fail("no classification runs");
        Assert.False(muse.TryGetTrackDecision(1, out _));
        Assert.Equal(default, muse.ClassificationCounters);
        var e = Assert.Throws<InvalidOperationException>(() => muse.RegisterTrack(1, 48_000));
        Assert.Contains("AddClassification()", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Logging_StartWrongRateAndStop_AreLogged()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(ListLogger<>));
        services.AddNomadMuse(b => b.AddClassification(o => o.Quantize = false));
        using (ServiceProvider provider = services.BuildServiceProvider())
        {
            var muse = provider.GetRequiredService<IMuseCoordinator>();
            muse.RegisterTrack(5, 48_000);
            muse.OnTrackAudio(5, new float[64], 1, 44_100);
            Assert.True(SpinWait.SpinUntil(() => Logged<ClassificationModule>(LogLevel.Warning, "not their track's registered rate"), HangGuard));
        }

        Assert.True(Logged<ClassificationModule>(LogLevel.Information, "classification started: model embedded default (fp32), 200 ms windows"));
        Assert.True(Logged<ClassificationModule>(LogLevel.Information, "classification stopped"));
        Assert.True(Logged<MuseCoordinator>(LogLevel.Information, "classification on"));
    }

    private static void Feed(IMuseCoordinator muse, int trackId, float[] interleaved, int channels, int sampleRate)
    {
        int block = 512 * channels;
        for (int i = 0; i < interleaved.Length; i += block)
        {
            muse.OnTrackAudio(trackId, interleaved.AsSpan(i, Math.Min(block, interleaved.Length - i)), channels, sampleRate);
        }
    }

    /// <summary>Waits until the loop has handled <paramref name="frames"/> frames in all (decisions and events included).</summary>
    private static void WaitForFrames(IMuseCoordinator muse, long frames) =>
        Assert.True(
            SpinWait.SpinUntil(() => muse.ClassificationCounters.FramesClassified >= frames, HangGuard),
            $"only {muse.ClassificationCounters.FramesClassified} of {frames} frames were classified");

    /// <summary>
    /// Waits until the loop thread created a track that was fed without being registered: an empty buffer to a track
    /// that does not exist yet is counted as unregistered, one to an existing track is not. Only this thread feeds the
    /// track, so the counter moves only with these probes.
    /// </summary>
    private static void WaitUntilCreated(IMuseCoordinator muse, int trackId, int sampleRate) =>
        Assert.True(
            SpinWait.SpinUntil(
                () =>
                {
                    long before = muse.ClassificationCounters.UnregisteredBuffers;
                    muse.OnTrackAudio(trackId, ReadOnlySpan<float>.Empty, 1, sampleRate);
                    return muse.ClassificationCounters.UnregisteredBuffers == before;
                },
                HangGuard),
            $"the loop never created track {trackId}");

    private static bool Logged<T>(LogLevel level, string text) =>
        ListLogger<T>.Entries.Any(e => e.Level == level && e.Message.Contains(text, StringComparison.OrdinalIgnoreCase));
}
