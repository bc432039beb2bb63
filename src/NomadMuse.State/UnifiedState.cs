using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace NomadMuse.State;

/// <summary>
/// The state the generator, classifier and analyzer share (seed §3.5.1): an immutable <see cref="StateSnapshot"/>
/// replaced atomically on every change.
/// </summary>
/// <remarks>
/// <para><b>Reading.</b> <see cref="Current"/> is one volatile read of a reference: it never blocks, never
/// allocates, and always returns a complete snapshot (never a mix of two versions). Audio threads should read.</para>
/// <para><b>Writing.</b> <see cref="Update(Func{StateSnapshot, StateSnapshot})"/> and the conveniences built on it (<see cref="SetKey"/>,
/// <see cref="SetTrack"/>, <see cref="PublishMix"/>…) run a compare-and-swap loop: lock-free, safe from any number of
/// threads, and no update is ever lost. They allocate (a new snapshot and the changed parts), so they are meant for
/// control, classifier and analyzer threads. The one write path for real-time threads is
/// <see cref="PostVelocity"/>: it allocates nothing and takes no lock; the velocity is applied shortly after on the
/// notification worker.</para>
/// <para><b>Notifications.</b> <see cref="Changed"/> is never raised on the writer's thread or inside a write call:
/// a write only marks the state dirty and, if no notification is pending, queues one work item to the thread pool.
/// Guarantees: handlers run on a thread-pool thread, one notification at a time (never concurrently); versions
/// strictly increase from one notification to the next; each notification's <see cref="StateChangedEventArgs.Previous"/>
/// is the previous notification's <see cref="StateChangedEventArgs.Current"/>; bursts of writes may be coalesced into
/// one notification, so a handler may not see every intermediate version, but it always sees the latest one
/// eventually. An exception thrown by a handler does not stop the other handlers; it is passed to
/// <see cref="NotificationFailed"/> (or dropped when nobody listens).</para>
/// <para>The class owns no thread, so it needs no disposal.</para>
/// </remarks>
public sealed class UnifiedState
{
    private const int Idle = 0, Scheduled = 1, ScheduledAndDirty = 2;

    private readonly VelocityInbox _inbox = new(1024);
    private readonly int[] _drained = new int[1024];
    private readonly NotificationWork _work;
    private StateSnapshot _current;
    private StateSnapshot _lastNotified;
    private int _notificationState;
    private long _droppedVelocities;

    /// <summary>Creates a state holding <see cref="StateSnapshot.Initial"/>.</summary>
    public UnifiedState()
        : this(StateSnapshot.Initial)
    {
    }

    /// <summary>Creates a state holding <paramref name="initial"/> (its version is kept).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="initial"/> is <see langword="null"/>.</exception>
    public UnifiedState(StateSnapshot initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
        _lastNotified = initial;
        _work = new NotificationWork(this);
    }

    /// <summary>Raised on a thread-pool thread after the state changed; see the class remarks for ordering.</summary>
    public event EventHandler<StateChangedEventArgs>? Changed;

    /// <summary>Raised on the notification thread when a <see cref="Changed"/> handler throws.</summary>
    public event EventHandler<UnhandledExceptionEventArgs>? NotificationFailed;

    /// <summary>The current snapshot.</summary>
    /// <remarks>One volatile read: never blocks, never allocates, never torn. Any thread, including audio threads.</remarks>
    public StateSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Velocities <see cref="PostVelocity"/> rejected because the inbox (1024 entries) was full.</summary>
    public long DroppedVelocities => Interlocked.Read(ref _droppedVelocities);

    /// <summary>
    /// Replaces the snapshot with <c>change(current)</c>, retrying with the newer snapshot if another thread changed
    /// it meanwhile; returns the snapshot that was published.
    /// </summary>
    /// <param name="change">Computes the next snapshot from the current one (usually with <c>with</c>). It may run more
    /// than once under contention, so it must have no side effects. Returning its argument unchanged publishes
    /// nothing.</param>
    /// <remarks>Lock-free; allocates (the new snapshot, and its <see cref="StateSnapshot.Version"/> stamp). Not for
    /// audio threads. If <paramref name="change"/> throws, the state is unchanged and the exception propagates.</remarks>
    /// <exception cref="InvalidOperationException"><paramref name="change"/> returned <see langword="null"/>.</exception>
    public StateSnapshot Update(Func<StateSnapshot, StateSnapshot> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Update(change, static (snapshot, f) => f(snapshot));
    }

    /// <summary>
    /// <see cref="Update(Func{StateSnapshot, StateSnapshot})"/> with an argument, so that a static lambda can avoid
    /// allocating a closure.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="change"/> returned <see langword="null"/>.</exception>
    public StateSnapshot Update<TArg>(TArg argument, Func<StateSnapshot, TArg, StateSnapshot> change)
    {
        StateSnapshot published = UpdateCore(argument, change, out bool changed);
        if (changed)
        {
            ScheduleNotification();
        }

        return published;
    }

    /// <summary>Sets the key.</summary>
    public StateSnapshot SetKey(MusicalKey key) =>
        Update(key, static (s, k) => s with { Music = s.Music with { Key = k } });

    /// <summary>Sets the tempo.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bpm"/> is outside 1–1000.</exception>
    public StateSnapshot SetTempo(double bpm)
    {
        if (bpm is not (>= MusicalContext.MinTempoBpm and <= MusicalContext.MaxTempoBpm))
        {
            throw new ArgumentOutOfRangeException(nameof(bpm), bpm, "The tempo runs from 1 to 1000 BPM.");
        }

        return Update(bpm, static (s, t) => s with { Music = s.Music with { TempoBpm = t } });
    }

    /// <summary>Sets the time signature.</summary>
    public StateSnapshot SetTimeSignature(TimeSignature timeSignature) =>
        Update(timeSignature, static (s, t) => s with { Music = s.Music with { TimeSignature = t } });

    /// <summary>Adds or replaces the track with <see cref="TrackInfo.TrackId"/> of <paramref name="track"/>.</summary>
    public StateSnapshot SetTrack(TrackInfo track)
    {
        ArgumentNullException.ThrowIfNull(track);
        return Update(track, static (s, t) => s with { Tracks = s.Tracks.SetItem(t.TrackId, t) });
    }

    /// <summary>
    /// Records a classifier decision for a track, creating the track if needed and keeping its mute and volume.
    /// </summary>
    /// <param name="trackId">The track.</param>
    /// <param name="instrument">The instrument, or <see langword="null"/> when uncertain.</param>
    /// <param name="type">Tonal, percussive or unknown.</param>
    /// <param name="confidence">0–1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public StateSnapshot SetTrackClassification(int trackId, InstrumentClass? instrument, TrackType type, float confidence)
    {
        var template = new TrackInfo(trackId, instrument, type, confidence);
        return Update(template, static (s, t) => s with
        {
            Tracks = s.Tracks.SetItem(t.TrackId, s.Tracks.TryGetValue(t.TrackId, out TrackInfo? old)
                ? old with { Instrument = t.Instrument, Type = t.Type, Confidence = t.Confidence }
                : t),
        });
    }

    /// <summary>Removes a track; publishes nothing when it is not there.</summary>
    public StateSnapshot RemoveTrack(int trackId) =>
        Update(trackId, static (s, id) => s.Tracks.ContainsKey(id) ? s with { Tracks = s.Tracks.Remove(id) } : s);

    /// <summary>Adds a note velocity to <see cref="StateSnapshot.Performance"/> now.</summary>
    /// <remarks>Allocates; from an audio or MIDI thread use <see cref="PostVelocity"/> instead.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="velocity"/> is outside 0–127.</exception>
    public StateSnapshot RecordVelocity(int velocity)
    {
        ValidateVelocity(velocity);
        return Update(velocity, static (s, v) => s with { Performance = s.Performance.Record(v) });
    }

    /// <summary>
    /// Queues a note velocity for <see cref="StateSnapshot.Performance"/> from a real-time thread; it is applied on the
    /// notification worker shortly after (batched, in order per posting thread).
    /// </summary>
    /// <remarks>
    /// Real-time safe: any thread, allocates nothing, takes no lock (a lock-free ring of 1024 entries plus, when no
    /// notification is pending, one thread-pool work item). Returns <see langword="false"/> and counts
    /// <see cref="DroppedVelocities"/> when the ring is full.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="velocity"/> is outside 0–127.</exception>
    public bool PostVelocity(int velocity)
    {
        ValidateVelocity(velocity);
        if (!_inbox.TryEnqueue(velocity))
        {
            Interlocked.Increment(ref _droppedVelocities);
            return false;
        }

        ScheduleNotification();
        return true;
    }

    /// <summary>Publishes the analyzer's band energies and suggestions, keeping the genre.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="bands"/> is <see langword="null"/>.</exception>
    public StateSnapshot PublishMix(BandEnergies bands, ImmutableArray<MixSuggestion> suggestions)
    {
        ArgumentNullException.ThrowIfNull(bands);
        ImmutableArray<MixSuggestion> list = suggestions.IsDefault ? [] : suggestions;
        return Update((bands, list), static (s, a) => s with { Mix = s.Mix with { Bands = a.bands, Suggestions = a.list } });
    }

    /// <summary>Sets the genre the mix is compared against (<see langword="null"/> for none).</summary>
    public StateSnapshot SetGenre(string? genre) =>
        Update(genre, static (s, g) => s with { Mix = s.Mix with { Genre = g } });

    /// <summary>Replaces the user preferences.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="preferences"/> is <see langword="null"/>.</exception>
    public StateSnapshot SetPreferences(UserPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(preferences);
        return Update(preferences, static (s, p) => s with { Preferences = p });
    }

    private static void ValidateVelocity(int velocity)
    {
        if (velocity is < 0 or > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(velocity), velocity, "MIDI velocities run from 0 to 127.");
        }
    }

    private StateSnapshot UpdateCore<TArg>(TArg argument, Func<StateSnapshot, TArg, StateSnapshot> change, out bool changed)
    {
        ArgumentNullException.ThrowIfNull(change);
        StateSnapshot current = Volatile.Read(ref _current);
        while (true)
        {
            StateSnapshot next = change(current, argument)
                ?? throw new InvalidOperationException("The state change returned null instead of a snapshot.");
            if (ReferenceEquals(next, current))
            {
                changed = false;
                return current;
            }

            next = next with { Version = current.Version + 1 };
            StateSnapshot seen = Interlocked.CompareExchange(ref _current, next, current);
            if (ReferenceEquals(seen, current))
            {
                changed = true;
                return next;
            }

            current = seen;
        }
    }

    /// <summary>Marks the state dirty; queues the notification work unless it is already queued or running.</summary>
    private void ScheduleNotification()
    {
        while (true)
        {
            int state = Volatile.Read(ref _notificationState);
            if (state == ScheduledAndDirty)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _notificationState, state + 1, state) == state)
            {
                if (state == Idle)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_work, preferLocal: false);
                }

                return;
            }
        }
    }

    /// <summary>Runs on the thread pool, one instance at a time (guarded by <see cref="_notificationState"/>).</summary>
    private void RunNotifications()
    {
        while (true)
        {
            // Consume the dirty mark before reading, so a write after this point schedules another pass.
            Interlocked.Exchange(ref _notificationState, Scheduled);
            DrainVelocities();
            StateSnapshot current = Volatile.Read(ref _current);
            if (current.Version != _lastNotified.Version)
            {
                var args = new StateChangedEventArgs(_lastNotified, current);
                _lastNotified = current;
                Raise(args);
            }

            if (Interlocked.CompareExchange(ref _notificationState, Idle, Scheduled) == Scheduled)
            {
                return;
            }
        }
    }

    private void DrainVelocities()
    {
        int count = 0;
        while (count < _drained.Length && _inbox.TryDequeue(out int velocity))
        {
            _drained[count++] = velocity;
        }

        if (count > 0)
        {
            UpdateCore(new ReadOnlyMemory<int>(_drained, 0, count), static (s, v) => s with { Performance = s.Performance.Record(v.Span) }, out _);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A subscriber's exception must not kill the thread-pool thread or stop other subscribers; it is reported through NotificationFailed.")]
    private void Raise(StateChangedEventArgs args)
    {
        EventHandler<StateChangedEventArgs>? handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        foreach (EventHandler<StateChangedEventArgs> handler in handlers.GetInvocationList().Cast<EventHandler<StateChangedEventArgs>>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception ex)
            {
                try
                {
                    NotificationFailed?.Invoke(this, new UnhandledExceptionEventArgs(ex, false));
                }
                catch (Exception)
                {
                    // A failing failure handler has nowhere left to report to.
                }
            }
        }
    }

    private sealed class NotificationWork(UnifiedState owner) : IThreadPoolWorkItem
    {
        public void Execute() => owner.RunNotifications();
    }
}
