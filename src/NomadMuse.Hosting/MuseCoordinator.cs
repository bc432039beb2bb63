using Microsoft.Extensions.Logging;
using NomadMuse.Analysis;
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

    // Extension point: GenerationModule? and ClassificationModule? fields and constructor parameters go here.
    public MuseCoordinator(UnifiedState state, AnalysisModule? analysis, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(logger);
        _state = state;
        _analysis = analysis;
        HostingLog.CoordinatorReady(logger, analysis is null ? "off" : "on");
    }

    public StateSnapshot State => _state.Current;

    public MixReport? LatestMixReport => _analysis?.LatestReport;

    public void OnMixAudio(ReadOnlySpan<float> interleaved, int sampleRate) => _analysis?.Push(interleaved, sampleRate);
}
