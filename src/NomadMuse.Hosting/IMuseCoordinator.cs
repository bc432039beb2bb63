using NomadMuse.Analysis;
using NomadMuse.Classification.Background;
using NomadMuse.Classification.Runtime;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Personalization;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>
/// The host's one entry point into NomadMuse: feed it audio from the audio thread, read the unified state from
/// anywhere. Registered by <see cref="NomadMuseServiceCollectionExtensions.AddNomadMuse"/>.
/// </summary>
/// <remarks>
/// Each intelligence's calls work once its <c>Add…</c> method on <see cref="NomadMuseBuilder"/> was called; without
/// it the audio-thread calls are no-ops and the host-thread calls throw an <see cref="InvalidOperationException"/>
/// naming the method to add.
/// </remarks>
public interface IMuseCoordinator
{
    /// <summary>The current snapshot of the unified state (one volatile read; never blocks).</summary>
    StateSnapshot State { get; }

    /// <summary>The last mix report the background analysis published, or <see langword="null"/> (none yet, or analysis not added).</summary>
    MixReport? LatestMixReport { get; }

    /// <summary>Hands a buffer of the master mix to the background analysis.</summary>
    /// <param name="interleaved">Whole frames of the configured channel count.</param>
    /// <param name="sampleRate">Its sample rate; buffers at another rate than configured are dropped and counted (logged off the audio thread).</param>
    /// <remarks>Audio thread (one producer): never blocks, never allocates; a no-op when analysis was not added.</remarks>
    void OnMixAudio(ReadOnlySpan<float> interleaved, int sampleRate);

    /// <summary>Primes a track's generation session with the music so far (replacing what it held).</summary>
    /// <param name="trackId">The track (as in the unified state).</param>
    /// <param name="music">Its notes, in beats.</param>
    /// <exception cref="InvalidOperationException">Generation was not added.</exception>
    /// <remarks>Host thread, not the audio thread (it runs the model over the music).</remarks>
    void PrimeTrack(int trackId, ReadOnlySpan<BeatNote> music);

    /// <summary>Generates the next bar of a track, in the mode its type in the state calls for (drums or tonal, in key).</summary>
    /// <param name="trackId">The track; its session is opened on first use.</param>
    /// <returns>The notes, with beat positions relative to the session's clock and a confidence each.</returns>
    /// <exception cref="InvalidOperationException">Generation was not added.</exception>
    /// <remarks>Host thread, not the audio thread; calls for one track are serialised, tracks run in parallel.</remarks>
    IReadOnlyList<GeneratedNote> RequestNextBar(int trackId);

    /// <summary>Like <see cref="RequestNextBar"/>, but offers only ghost notes at or above the confidence threshold.</summary>
    /// <param name="trackId">The track.</param>
    /// <returns>The confident notes of the next bar.</returns>
    /// <exception cref="InvalidOperationException">Generation was not added.</exception>
    IReadOnlyList<GeneratedNote> SuggestNextBar(int trackId);

    /// <summary>Hands a buffer of one track's audio to the background classification (design flow, step 1).</summary>
    /// <param name="trackId">The track (as in the unified state), 0 or more.</param>
    /// <param name="interleaved">Whole frames of <paramref name="channels"/> samples; downmixed to mono on the way in.</param>
    /// <param name="channels">Interleaved channels, 1–32.</param>
    /// <param name="sampleRate">The buffer's rate, 8 000–384 000 Hz (the classifier resamples to its 22.05 kHz itself).</param>
    /// <exception cref="ArgumentOutOfRangeException">The id, channel count or rate is out of range.</exception>
    /// <exception cref="ArgumentException">The length is not a multiple of <paramref name="channels"/>.</exception>
    /// <remarks>
    /// Audio thread (one producer per track): never blocks, never allocates, takes no lock; a no-op when
    /// classification was not added. A track's ring and classifier are created by <see cref="RegisterTrack"/>, or, for
    /// a track fed without it, by the classification thread after its first buffer: that buffer and those of the next
    /// ~10 ms are dropped and counted (<see cref="TrackClassificationCounters.UnregisteredBuffers"/>). Buffers at
    /// another rate than the track's, or that its full ring cannot take, are dropped and counted too.
    /// </remarks>
    void OnTrackAudio(int trackId, ReadOnlySpan<float> interleaved, int channels, int sampleRate);

    /// <summary>Creates a track's classification ring and classifier now, so that its first buffer is already classified.</summary>
    /// <param name="trackId">The track, 0 or more.</param>
    /// <param name="sampleRate">The rate its buffers will come at, 8 000–384 000 Hz; registering again at another rate starts the track afresh.</param>
    /// <exception cref="ArgumentOutOfRangeException">The id or the rate is out of range.</exception>
    /// <exception cref="InvalidOperationException">Classification was not added.</exception>
    /// <remarks>Host thread, not the audio thread (it allocates).</remarks>
    void RegisterTrack(int trackId, int sampleRate);

    /// <summary>The latest decision the classifier made for a track over a window that had sound.</summary>
    /// <param name="trackId">The track.</param>
    /// <param name="decision">The decision (instrument or "uncertain", type, confidence, best class), or default.</param>
    /// <returns><see langword="false"/> when there is none yet (or classification was not added).</returns>
    /// <remarks>Any thread; no allocation. The state's <see cref="StateSnapshot.Tracks"/> holds the same instrument, type
    /// and confidence (a decision that merely repeats the state's is not written again).</remarks>
    bool TryGetTrackDecision(int trackId, out TrackDecision decision);

    /// <summary>Totals of classified frames, decisions and dropped track audio (all zero without classification).</summary>
    TrackClassificationCounters ClassificationCounters { get; }

    /// <summary>
    /// Raised on the classification thread after each track window that had sound was decided (the sender is the
    /// <see cref="TrackClassificationLoop"/>); never raised without classification.
    /// </summary>
    /// <remarks>Handlers run on the classification thread: keep them short. An exception is logged and the loop continues.</remarks>
    event EventHandler<TrackDecisionEventArgs>? TrackClassified;

    /// <summary>
    /// Logs the musician's verdict on generated material (kept or discarded) to the encrypted session log, for the
    /// next <see cref="RetrainAdapterAsync"/>.
    /// </summary>
    /// <param name="trackId">The track the notes were generated for; its instrument and the type its session runs in
    /// (from the unified state) are logged with them, as the generator is conditioned on them.</param>
    /// <param name="notes">The notes as the host got them from <see cref="RequestNextBar"/> or <see cref="SuggestNextBar"/>
    /// (one bar or several); they are encoded with the generator's tokenizer, moved back by whole bars to start in bar 1.</param>
    /// <param name="outcome"><see cref="SequenceOutcome.Accepted"/> (trains with weight 1) or <see cref="SequenceOutcome.Rejected"/> (weight 0.1).</param>
    /// <exception cref="InvalidOperationException">Personalisation was not added.</exception>
    /// <exception cref="ArgumentException">There are no notes, or a note or the outcome is out of range.</exception>
    /// <exception cref="IOException">The log could not be written; it is unchanged then.</exception>
    /// <remarks>Host thread, not the audio thread: it encrypts and rewrites the log file (thread-safe, takes the log's lock).</remarks>
    void RecordOutcome(int trackId, IReadOnlyList<GeneratedNote> notes, SequenceOutcome outcome);

    /// <summary>
    /// Retrains the personal adapter from the whole session log on the thread pool, writes it to
    /// <see cref="PersonalizationOptions.AdapterPath"/> (temporary file, then moved over the old one) and swaps it into
    /// every generation session, open ones included, from their next step on.
    /// </summary>
    /// <param name="cancellationToken">Stops the training between steps; the previous adapter and file stay then.</param>
    /// <returns>What was trained and written.</returns>
    /// <exception cref="InvalidOperationException">Personalisation was not added, or nothing has been recorded yet.</exception>
    /// <exception cref="OperationCanceledException">Cancelled, or the container was disposed meanwhile.</exception>
    /// <remarks>
    /// Takes seconds of one core (rank 16, 30 epochs over the logged predictions); generation keeps running meanwhile.
    /// Calls do not overlap: a second call waits for the first and then trains on the newer log.
    /// </remarks>
    Task<AdapterRetrainResult> RetrainAdapterAsync(CancellationToken cancellationToken = default);

    /// <summary>The session count, logged sequences, γ and whether an adapter is blended in.</summary>
    /// <returns>The status now.</returns>
    /// <exception cref="InvalidOperationException">Personalisation was not added.</exception>
    PersonalizationStatus GetPersonalizationStatus();
}
