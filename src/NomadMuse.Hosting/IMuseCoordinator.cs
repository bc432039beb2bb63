using NomadMuse.Analysis;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>
/// The host's one entry point into NomadMuse: feed it audio from the audio thread, read the unified state from
/// anywhere. Registered by <see cref="NomadMuseServiceCollectionExtensions.AddNomadMuse"/>.
/// </summary>
/// <remarks>
/// Extension point: <c>OnTrackAudio(int trackId, ReadOnlySpan&lt;float&gt; audio, int channels, int sampleRate)</c>
/// (classification) and <c>RequestNextBar(int trackId)</c> (generation) join this interface with
/// <c>AddClassification</c>/<c>AddGeneration</c> on <see cref="NomadMuseBuilder"/>.
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
}
