using System.Diagnostics.CodeAnalysis;
using NomadMuse.Classification.Runtime;
using NomadMuse.State;

namespace NomadMuse.Classification.Background;

/// <summary>
/// Classifies many tracks on one background thread (seed §3.5, step 1): each track's audio thread
/// <see cref="Push"/>es its buffers into the track's lock-free ring and returns at once; the loop cuts the audio into
/// 50 ms frames, runs a <see cref="TrackClassifier"/> per track (100–200 ms windows, the 0.75 threshold) and writes
/// every decided instrument, track type and confidence to the <see cref="UnifiedState"/>, where the generator's Auto
/// mode reads the type.
/// </summary>
/// <remarks>
/// <para><b>Tracks.</b> <see cref="RegisterTrack"/> (any thread but an audio thread: it allocates the track's ring of
/// <see cref="TrackClassificationLoopOptions.RingSeconds"/> of mono audio and its classifier) fixes a track's sample
/// rate. A buffer for a track that was never registered is not lost silently: <see cref="Push"/> drops it, counts it and asks the loop thread to create the track at that rate,
/// so from the next poll (about 10 ms later) its audio is classified. Either way the audio thread never allocates.</para>
/// <para><b>Decisions.</b> "Uncertain" (no instrument above the threshold) is a valid decision and is written with
/// its track type. A window of silence decides nothing, so a pause keeps the track's last decision. A decision that
/// repeats the one in the state (same instrument and type, confidence within 0.05) is not written again.</para>
/// <para><b>Threads.</b> <see cref="Push"/> from one audio thread per track (different tracks may come from different
/// threads); everything else from any thread. <see cref="Decided"/> and <see cref="Faulted"/> are raised on the loop's
/// thread; an exception while classifying or in a handler is reported through <see cref="Faulted"/> and the loop
/// carries on.</para>
/// </remarks>
public sealed class TrackClassificationLoop : IDisposable
{
    private const int PollMilliseconds = 10;
    private const int PendingCapacity = 64;

    // Each write builds a new snapshot and wakes every Changed handler; without this step a steady track would be
    // rewritten five times a second with a confidence that only wobbles.
    private const float ConfidenceStep = 0.05f;

    private readonly UnifiedState _state;
    private readonly TrackClassificationLoopOptions _options;
    private readonly InstrumentClassifier _prototype;
    private readonly PendingTrackRequests _pending = new(PendingCapacity);
    private readonly ManualResetEventSlim _stop = new(false);
    private readonly Thread _thread;
    private TrackFeedTable _feeds = TrackFeedTable.Empty;
    private long _overruns;
    private long _droppedFrames;
    private long _rateMismatches;
    private long _unregisteredBuffers;
    private long _framesClassified;
    private long _decisions;
    private long _publications;
    private int _disposed;

    /// <summary>Creates the loop and starts its thread.</summary>
    /// <param name="state">Where decisions are written.</param>
    /// <param name="options">Settings; null for the defaults (embedded model, INT8, 200 ms, 0.75).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public TrackClassificationLoop(UnifiedState state, TrackClassificationLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        options ??= new TrackClassificationLoopOptions();
        options.Validate();
        _state = state;
        _options = options;
        // 22.05 kHz is the model's own rate, so the prototype needs no resampler; each track gets its own stream.
        _prototype = options.Classifier ?? InstrumentClassifier.LoadDefault(22_050, useInt8: true);
        _thread = new Thread(Run) { IsBackground = true, Name = "NomadMuse track classification", Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Raised on the loop's thread after each window that had sound was decided (and written to the state if it changed).</summary>
    public event EventHandler<TrackDecisionEventArgs>? Decided;

    /// <summary>Raised on the loop's thread when classifying, creating a track or a <see cref="Decided"/> handler throws (the loop continues).</summary>
    public event EventHandler<UnhandledExceptionEventArgs>? Faulted;

    /// <summary>Whether the classifier runs its INT8 path.</summary>
    public bool UseInt8 => _prototype.UseInt8;

    /// <summary>The settings.</summary>
    public TrackClassificationLoopOptions Options => _options;

    /// <summary>The counters so far (a momentary snapshot; any thread).</summary>
    public TrackClassificationCounters Counters => new(
        Interlocked.Read(ref _overruns),
        Interlocked.Read(ref _droppedFrames),
        Interlocked.Read(ref _rateMismatches),
        Interlocked.Read(ref _unregisteredBuffers),
        Interlocked.Read(ref _framesClassified),
        Interlocked.Read(ref _decisions),
        Interlocked.Read(ref _publications));

    /// <summary>Creates a track's ring and classifier, so that its very first buffer is classified.</summary>
    /// <param name="trackId">The track (as in the unified state), 0 or more.</param>
    /// <param name="sampleRate">The rate its buffers will come at, 8 000–384 000 Hz.</param>
    /// <returns><see langword="true"/> when the track was created or re-created at a new rate; <see langword="false"/> when it already ran at that rate.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The id or the rate is out of range.</exception>
    /// <remarks>Any thread except an audio thread (allocates). Re-registering at another rate starts the track afresh.</remarks>
    public bool RegisterTrack(int trackId, int sampleRate)
    {
        CheckTrack(trackId, sampleRate);
        TrackFeed? created = null;
        while (true)
        {
            TrackFeedTable current = Volatile.Read(ref _feeds);
            if (current.ById.TryGetValue(trackId, out TrackFeed? existing) && existing.SampleRate == sampleRate)
            {
                return false;
            }

            created ??= new TrackFeed(trackId, sampleRate, _prototype, _options);
            if (Interlocked.CompareExchange(ref _feeds, current.With(created), current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Queues a buffer of one track's audio for classification.</summary>
    /// <param name="trackId">The track, 0 or more.</param>
    /// <param name="interleaved">Whole frames of <paramref name="channels"/> samples (downmixed to mono on the way in).</param>
    /// <param name="channels">Interleaved channels, 1–32.</param>
    /// <param name="sampleRate">The buffer's rate, 8 000–384 000 Hz.</param>
    /// <returns>
    /// <see langword="false"/> when the buffer was dropped and counted: the ring was full (<see cref="TrackClassificationCounters.Overruns"/>),
    /// the rate is not the track's (<see cref="TrackClassificationCounters.RateMismatches"/>), or the track is being
    /// created (<see cref="TrackClassificationCounters.UnregisteredBuffers"/>).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">The id, channel count or rate is out of range.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of <paramref name="channels"/>.</exception>
    /// <remarks>Audio thread (one producer per track); never blocks, never allocates, takes no lock.</remarks>
    public bool Push(int trackId, ReadOnlySpan<float> interleaved, int channels, int sampleRate)
    {
        CheckTrack(trackId, sampleRate);
        if (channels is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Track audio must have 1–32 channels.");
        }

        if (interleaved.Length % channels != 0)
        {
            throw new ArgumentException($"Track {trackId}'s buffer holds {interleaved.Length} samples, not whole frames of {channels} channels.", nameof(interleaved));
        }

        if (!Volatile.Read(ref _feeds).ById.TryGetValue(trackId, out TrackFeed? feed))
        {
            Interlocked.Increment(ref _unregisteredBuffers);
            _pending.TryPost(trackId, sampleRate);
            return false;
        }

        if (feed.SampleRate != sampleRate)
        {
            Interlocked.Increment(ref _rateMismatches);
            return false;
        }

        if (MonoDownmix.TryWrite(feed.Ring, interleaved, channels))
        {
            return true;
        }

        Interlocked.Increment(ref _overruns);
        Interlocked.Add(ref _droppedFrames, interleaved.Length / channels);
        return false;
    }

    /// <summary>The latest decision of a track's windows that had sound.</summary>
    /// <param name="trackId">The track.</param>
    /// <param name="decision">The decision, or default.</param>
    /// <returns><see langword="false"/> when the track has no decision yet.</returns>
    /// <remarks>Any thread; one volatile read, no allocation.</remarks>
    public bool TryGetDecision(int trackId, out TrackDecision decision)
    {
        if (Volatile.Read(ref _feeds).ById.TryGetValue(trackId, out TrackFeed? feed))
        {
            return feed.TryGetLatest(out decision);
        }

        decision = default;
        return false;
    }

    /// <summary>Stops the thread (after the frame in progress) and releases it. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
            _stop.Dispose();
        }
    }

    private static void CheckTrack(int trackId, int sampleRate)
    {
        if (trackId < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trackId), trackId, "Track ids are 0 or more.");
        }

        if (sampleRate is < TrackClassificationLoopOptions.MinSampleRate or > TrackClassificationLoopOptions.MaxSampleRate)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, $"Track {trackId}'s sample rate must be 8 000–384 000 Hz.");
        }
    }

    private void Run()
    {
        while (!_stop.IsSet)
        {
            CreateRequestedTracks();
            foreach (TrackFeed feed in Volatile.Read(ref _feeds).All)
            {
                Drain(feed);
            }

            _stop.Wait(PollMilliseconds);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The loop thread must survive and report any failure through Faulted.")]
    private void CreateRequestedTracks()
    {
        for (int i = 0; i < _pending.Capacity; i++)
        {
            if (_pending.TryTake(i, out int trackId, out int sampleRate) && !Volatile.Read(ref _feeds).ById.ContainsKey(trackId))
            {
                try
                {
                    RegisterTrack(trackId, sampleRate);
                }
                catch (Exception e)
                {
                    ReportFault(e);
                }
            }
        }
    }

    /// <summary>Classifies every whole 50 ms frame waiting in the track's ring.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The loop thread must survive and report any failure through Faulted.")]
    private void Drain(TrackFeed feed)
    {
        try
        {
            int read;
            while (!_stop.IsSet && (read = feed.Ring.Read(feed.Frame.AsSpan(feed.Filled))) > 0)
            {
                feed.Filled += read;
                if (feed.Filled < feed.Frame.Length)
                {
                    continue;
                }

                feed.Filled = 0;
                try
                {
                    if (feed.Classifier.Process(feed.Frame) is { Frames: > 0 } decided)
                    {
                        Publish(feed, decided);
                    }
                }
                finally
                {
                    // Counted last, so that a reader who sees the count knows those frames' decisions, state writes
                    // and Decided events are done (tests and hosts wait on it without racing the loop thread).
                    Interlocked.Increment(ref _framesClassified);
                }
            }
        }
        catch (Exception e)
        {
            ReportFault(e);
        }
    }

    private void Publish(TrackFeed feed, TrackDecision decision)
    {
        feed.SetLatest(decision);
        bool write = feed.Published is not { } held
            || held.Instrument != decision.Instrument
            || held.Type != decision.Type
            || Math.Abs(held.Confidence - decision.Confidence) >= ConfidenceStep;
        if (write)
        {
            _state.SetTrackClassification(feed.TrackId, decision.Instrument, decision.Type, decision.Confidence);
            feed.Published = decision;
            Interlocked.Increment(ref _publications);
        }

        Interlocked.Increment(ref _decisions);
        Decided?.Invoke(this, new TrackDecisionEventArgs(feed.TrackId, decision, write));
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A failing fault handler has nowhere left to report to.")]
    private void ReportFault(Exception e)
    {
        try
        {
            Faulted?.Invoke(this, new UnhandledExceptionEventArgs(e, false));
        }
        catch (Exception)
        {
            // Nothing left to report to.
        }
    }
}
