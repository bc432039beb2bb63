using NomadMuse.Analysis;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>
/// The host's one entry point into NomadMuse: feed it audio from the audio thread, read the unified state from
/// anywhere. Registered by <see cref="NomadMuseServiceCollectionExtensions.AddNomadMuse"/>.
/// </summary>
/// <remarks>
/// Extension point: <c>OnTrackAudio(int trackId, ReadOnlySpan&lt;float&gt; audio, int channels, int sampleRate)</c>
/// (classification) joins this interface with <c>AddClassification</c> on <see cref="NomadMuseBuilder"/>.
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
}
