using Microsoft.Extensions.Logging;
using NomadMuse.Analysis;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>
/// Wires the added intelligences to the unified state (design flow, seed §3.1/§3.5). The container owns the modules
/// and disposes them with itself.
/// </summary>
internal sealed class MuseCoordinator : IMuseCoordinator
{
    private readonly UnifiedState _state;
    private readonly AnalysisModule? _analysis;
    private readonly GenerationModule? _generation;

    // Extension point: a ClassificationModule? field and constructor parameter go here.
    public MuseCoordinator(UnifiedState state, AnalysisModule? analysis, GenerationModule? generation, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(logger);
        _state = state;
        _analysis = analysis;
        _generation = generation;
        HostingLog.CoordinatorReady(logger, generation is null ? "off" : "on", analysis is null ? "off" : "on");
    }

    public StateSnapshot State => _state.Current;

    public MixReport? LatestMixReport => _analysis?.LatestReport;

    public void OnMixAudio(ReadOnlySpan<float> interleaved, int sampleRate) => _analysis?.Push(interleaved, sampleRate);

    public void PrimeTrack(int trackId, ReadOnlySpan<BeatNote> music) => Generation.Prime(trackId, music);

    public IReadOnlyList<GeneratedNote> RequestNextBar(int trackId) => Generation.NextBar(trackId, suggestionsOnly: false);

    public IReadOnlyList<GeneratedNote> SuggestNextBar(int trackId) => Generation.NextBar(trackId, suggestionsOnly: true);

    private GenerationModule Generation => _generation
        ?? throw new InvalidOperationException("NomadMuse generation was not added: call AddGeneration() inside AddNomadMuse(...).");
}
