using System.Collections.Concurrent;
using System.Collections.Immutable;
using NomadMuse.State;

namespace NomadMuse.State.Tests;

public sealed class UnifiedStateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static void RunThreads(int count, Action<int> body)
    {
        var threads = Enumerable.Range(0, count).Select(i => new Thread(() => body(i))).ToArray();
        foreach (Thread t in threads)
        {
            t.Start();
        }

        foreach (Thread t in threads)
        {
            Assert.True(t.Join(Timeout), "a worker thread did not finish");
        }
    }

    [Fact]
    public void Update_FourWritersTenThousandIncrementsEach_LosesNothing()
    {
        var state = new UnifiedState();
        state.SetTrack(new TrackInfo(0, volumeDb: 0));

        RunThreads(4, _ =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                state.Update(static s => s with { Tracks = s.Tracks.SetItem(0, s.Tracks[0] with { VolumeDb = s.Tracks[0].VolumeDb + 1 }) });
            }
        });

        Assert.Equal(40_000f, state.Current.Tracks[0].VolumeDb);
        Assert.Equal(40_001, state.Current.Version);
    }

    [Fact]
    public void Current_WhileWritersRun_NeverTornAndVersionsIncrease()
    {
        // Start from a snapshot that satisfies the invariant below for n = 0.
        var state = new UnifiedState(StateSnapshot.Initial with
        {
            Music = new MusicalContext(new MusicalKey(0, KeyMode.Minor), 120, new TimeSignature(1, 4)),
        });
        int writersDone = 0;
        var failures = new ConcurrentQueue<string>();
        const int PerWriter = 3_000;

        var readers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            long lastVersion = -1;
            while (Volatile.Read(ref writersDone) < 2)
            {
                StateSnapshot s = state.Current;
                int n = s.Tracks.Count;
                // Every writer step adds one track and sets key and metre from the same count, in one snapshot.
                if (s.Music.Key.Tonic != n % 12 || s.Music.TimeSignature.Numerator != (n % 16) + 1 || s.Version != n)
                {
                    failures.Enqueue($"torn: {n} tracks, key {s.Music.Key}, metre {s.Music.TimeSignature}, version {s.Version}");
                }

                if (s.Version < lastVersion)
                {
                    failures.Enqueue($"version went back from {lastVersion} to {s.Version}");
                }

                lastVersion = s.Version;
            }
        })).ToArray();
        foreach (Thread r in readers)
        {
            r.Start();
        }

        RunThreads(2, w =>
        {
            for (int i = 0; i < PerWriter; i++)
            {
                int id = (w * PerWriter) + i;
                state.Update(id, static (s, trackId) =>
                {
                    int n = s.Tracks.Count + 1;
                    return s with
                    {
                        Tracks = s.Tracks.Add(trackId, new TrackInfo(trackId)),
                        Music = s.Music with { Key = new MusicalKey(n % 12, KeyMode.Minor), TimeSignature = new TimeSignature((n % 16) + 1, 4) },
                    };
                });
            }

            Interlocked.Increment(ref writersDone);
        });
        foreach (Thread r in readers)
        {
            Assert.True(r.Join(Timeout));
        }

        Assert.Empty(failures);
        Assert.Equal(2 * PerWriter, state.Current.Tracks.Count);
    }

    [Fact]
    public void Current_DoesNotAllocate()
    {
        var state = new UnifiedState();
        state.SetTrack(new TrackInfo(3, InstrumentClass.KickDrum, TrackType.Percussive, 0.9f));
        _ = state.Current.TrackTypeOf(3);

        long sum = 0;
        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                StateSnapshot s = state.Current;
                sum += s.Version + (int)s.TrackTypeOf(3) + (int)s.TrackTypeOf(4);
            },
            calls: 1000,
            warmUpCalls: 0);

        Assert.Equal(0, bytes);
        Assert.Equal(5 * 1000 * (1 + 2 + 0), sum);
    }

    [Fact]
    public void Changed_IsRaisedOnAnotherThreadWithPreviousAndCurrent()
    {
        var state = new UnifiedState();
        using var raised = new ManualResetEventSlim();
        int handlerThread = -1;
        StateChangedEventArgs? seen = null;
        state.Changed += (_, e) =>
        {
            handlerThread = Environment.CurrentManagedThreadId;
            seen = e;
            raised.Set();
        };

        int writerThread = -1;
        var writer = new Thread(() =>
        {
            writerThread = Environment.CurrentManagedThreadId;
            state.SetKey(MusicalKey.Parse("F# major"));
            // The handler must not have run inside the write call.
            Assert.NotEqual(Environment.CurrentManagedThreadId, Volatile.Read(ref handlerThread));
        });
        writer.Start();
        Assert.True(writer.Join(Timeout));

        Assert.True(raised.Wait(Timeout), "Changed was not raised");
        Assert.NotEqual(writerThread, handlerThread);
        Assert.Equal(0, seen!.Previous.Version);
        Assert.Equal(1, seen.Current.Version);
        Assert.Equal("F# major", seen.Current.Music.Key.ToString());
    }

    [Fact]
    public void Changed_ManyWrites_ChainsVersionsInOrderAndEndsAtLatest()
    {
        var state = new UnifiedState();
        var events = new ConcurrentQueue<(long Previous, long Current)>();
        int concurrent = 0, maxConcurrent = 0;
        using var done = new ManualResetEventSlim();
        state.Changed += (_, e) =>
        {
            int now = Interlocked.Increment(ref concurrent);
            maxConcurrent = Math.Max(maxConcurrent, now);
            events.Enqueue((e.Previous.Version, e.Current.Version));
            Interlocked.Decrement(ref concurrent);
            if (e.Current.Version == 2000)
            {
                done.Set();
            }
        };

        RunThreads(2, _ =>
        {
            for (int i = 0; i < 1000; i++)
            {
                state.SetTempo(60 + (i % 100));
            }
        });

        Assert.True(done.Wait(Timeout), "the final version was never notified");
        (long Previous, long Current)[] list = events.ToArray();
        Assert.Equal(0, list[0].Previous);
        for (int i = 0; i < list.Length; i++)
        {
            Assert.True(list[i].Current > list[i].Previous);
            if (i > 0)
            {
                Assert.Equal(list[i - 1].Current, list[i].Previous);
            }
        }

        Assert.Equal(1, maxConcurrent);
    }

    [Fact]
    public void Changed_HandlerThrows_OtherHandlersRunAndFailureIsReported()
    {
        var state = new UnifiedState();
        using var second = new ManualResetEventSlim();
        using var failed = new ManualResetEventSlim();
        state.Changed += (_, _) => throw new InvalidOperationException("boom");
        state.Changed += (_, _) => second.Set();
        state.NotificationFailed += (_, e) =>
        {
            if (e.ExceptionObject is InvalidOperationException { Message: "boom" })
            {
                failed.Set();
            }
        };

        state.SetGenre("rock");

        Assert.True(second.Wait(Timeout));
        Assert.True(failed.Wait(Timeout));
    }

    [Fact]
    public void Update_ReturningSameSnapshot_PublishesNothing()
    {
        var state = new UnifiedState();
        StateSnapshot before = state.Current;
        StateSnapshot after = state.Update(s => s);
        Assert.Same(before, after);
        Assert.Equal(0, state.Current.Version);
        state.RemoveTrack(99);
        Assert.Equal(0, state.Current.Version);
    }

    [Fact]
    public void Update_ChangeThrows_StateUnchanged()
    {
        var state = new UnifiedState();
        Assert.Throws<ArgumentOutOfRangeException>(() => state.Update(s => s with { Music = s.Music with { TempoBpm = -5 } }));
        Assert.Throws<InvalidOperationException>(() => state.Update(_ => null!));
        Assert.Equal(120, state.Current.Music.TempoBpm);
        Assert.Equal(0, state.Current.Version);
    }

    [Fact]
    public void Conveniences_UpdateTheirParts()
    {
        var state = new UnifiedState();
        state.SetKey(MusicalKey.Parse("C minor"));
        state.SetTempo(96);
        state.SetTimeSignature(new TimeSignature(6, 8));
        state.SetTrack(new TrackInfo(4, muted: true, volumeDb: -6));
        state.SetTrackClassification(4, InstrumentClass.ElectricGuitarClean, TrackType.Tonal, 0.8f);
        state.SetTrackClassification(10, InstrumentClass.KickDrum, TrackType.Percussive, 0.95f);
        state.RecordVelocity(90);
        var suggestion = new MixSuggestion(SuggestionSeverity.Warning, Band.LowMid, 250, 400, MixAction.Cut, 3, 1.4f,
            "Cut 300 Hz on guitar tracks 4–6", [4, 5, 6]);
        state.SetGenre("rock");
        state.PublishMix(BandEnergies.Silent.With(Band.Bass, -12), [suggestion]);
        state.SetPreferences(UserPreferences.Default with { SuggestionToleranceDb = 2, Sharing = SharingConsent.AnonymizedSharing });

        StateSnapshot s = state.Current;
        Assert.Equal("C minor", s.Music.Key.ToString());
        Assert.Equal(96, s.Music.TempoBpm);
        Assert.Equal("6/8", s.Music.TimeSignature.ToString());
        Assert.Equal(new TrackInfo(4, InstrumentClass.ElectricGuitarClean, TrackType.Tonal, 0.8f, muted: true, volumeDb: -6), s.Tracks[4]);
        Assert.Equal(TrackType.Percussive, s.TrackTypeOf(10));
        Assert.Equal(TrackType.Unknown, s.TrackTypeOf(11));
        Assert.Equal(90, s.Performance.Latest);
        Assert.Equal("rock", s.Mix.Genre);
        Assert.Equal(-12f, s.Mix.Bands[Band.Bass]);
        Assert.Equal(float.NegativeInfinity, s.Mix.Bands[Band.Air]);
        Assert.Same(suggestion, Assert.Single(s.Mix.Suggestions));
        Assert.Equal(2f, s.Preferences.SuggestionToleranceDb);
        Assert.Equal(10, s.Version);
    }

    [Fact]
    public void PostVelocity_IsAppliedByTheWorkerInOrder()
    {
        var state = new UnifiedState();
        using var done = new ManualResetEventSlim();
        state.Changed += (_, e) =>
        {
            if (e.Current.Performance.Count == 50)
            {
                done.Set();
            }
        };

        for (int v = 1; v <= 50; v++)
        {
            Assert.True(state.PostVelocity(v));
        }

        Assert.True(done.Wait(Timeout), "posted velocities were not applied");
        var window = new int[50];
        state.Current.Performance.CopyTo(window);
        Assert.Equal(Enumerable.Range(1, 50), window);
        Assert.Equal(0, state.DroppedVelocities);
    }

    [Fact]
    public void PostVelocity_AfterWarmup_DoesNotAllocate()
    {
        var state = new UnifiedState();
        using var applied = new ManualResetEventSlim();
        state.Changed += (_, e) =>
        {
            if (e.Current.Performance.Count == 100)
            {
                applied.Set();
            }
        };
        state.PostVelocity(1);

        long allocated = AllocationProbe.MinAllocatedBytes(() => state.PostVelocity(64), calls: 200, warmUpCalls: 0);
        Assert.True(applied.Wait(Timeout));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Version_CannotBeForgedByWith()
    {
        var state = new UnifiedState();
        state.SetTempo(100);
        StateSnapshot copy = state.Current with { Music = MusicalContext.Default };
        Assert.Equal(1, copy.Version);
        state.Update(_ => copy);
        Assert.Equal(2, state.Current.Version);
        Assert.Equal(120, state.Current.Music.TempoBpm);
    }

    [Fact]
    public void Constructor_WithSnapshot_KeepsIt()
    {
        StateSnapshot initial = StateSnapshot.Initial with { Tracks = ImmutableDictionary<int, TrackInfo>.Empty.Add(1, new TrackInfo(1)) };
        var state = new UnifiedState(initial);
        Assert.Same(initial, state.Current);
    }

    [Fact]
    public void Changed_HandlerThatWrites_IsNotifiedOfItsOwnWrite()
    {
        var state = new UnifiedState();
        using var second = new ManualResetEventSlim();
        state.Changed += (_, e) =>
        {
            if (e.Current.Version == 1)
            {
                state.SetTempo(90); // re-entrant write from the notification thread
            }
            else if (e.Current.Music.TempoBpm == 90)
            {
                second.Set();
            }
        };

        state.SetTempo(100);

        Assert.True(second.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, state.Current.Version);
    }
}
