using Microsoft.Extensions.Logging;
using NomadMuse.Analysis;
using NomadMuse.Classification.Background;
using NomadMuse.Classification.Runtime;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Personalization;
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
    private readonly ClassificationModule? _classification;
    private readonly PersonalizationModule? _personalization;

    public MuseCoordinator(UnifiedState state, AnalysisModule? analysis, GenerationModule? generation, ClassificationModule? classification,
        PersonalizationModule? personalization, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(logger);
        _state = state;
        _analysis = analysis;
        _generation = generation;
        _classification = classification;
        _personalization = personalization;
        HostingLog.CoordinatorReady(logger, classification is null ? "off" : "on", generation is null ? "off" : "on", analysis is null ? "off" : "on",
            personalization is null ? "off" : "on");
    }

    public event EventHandler<TrackDecisionEventArgs>? TrackClassified
    {
        add
        {
            if (_classification is not null)
            {
                _classification.Loop.Decided += value;
            }
        }

        remove
        {
            if (_classification is not null)
            {
                _classification.Loop.Decided -= value;
            }
        }
    }

    public StateSnapshot State => _state.Current;

    public MixReport? LatestMixReport => _analysis?.LatestReport;

    public void OnMixAudio(ReadOnlySpan<float> interleaved, int sampleRate) => _analysis?.Push(interleaved, sampleRate);

    public void PrimeTrack(int trackId, ReadOnlySpan<BeatNote> music) => Generation.Prime(trackId, music);

    public IReadOnlyList<GeneratedNote> RequestNextBar(int trackId) => Generation.NextBar(trackId, suggestionsOnly: false);

    public IReadOnlyList<GeneratedNote> SuggestNextBar(int trackId) => Generation.NextBar(trackId, suggestionsOnly: true);

    public TrackClassificationCounters ClassificationCounters => _classification?.Loop.Counters ?? default;

    public void OnTrackAudio(int trackId, ReadOnlySpan<float> interleaved, int channels, int sampleRate) =>
        _classification?.Loop.Push(trackId, interleaved, channels, sampleRate);

    public void RegisterTrack(int trackId, int sampleRate) => Classification.Loop.RegisterTrack(trackId, sampleRate);

    public bool TryGetTrackDecision(int trackId, out TrackDecision decision)
    {
        decision = default;
        return _classification is not null && _classification.Loop.TryGetDecision(trackId, out decision);
    }

    public void RecordOutcome(int trackId, IReadOnlyList<GeneratedNote> notes, SequenceOutcome outcome) =>
        Personalization.Record(trackId, notes, outcome);

    public Task<AdapterRetrainResult> RetrainAdapterAsync(CancellationToken cancellationToken = default) =>
        Personalization.RetrainAsync(cancellationToken);

    public PersonalizationStatus GetPersonalizationStatus() => Personalization.Status;

    private PersonalizationModule Personalization => _personalization
        ?? throw new InvalidOperationException("NomadMuse personalization was not added: call AddPersonalization(o => { o.SessionLogPath = …; o.Key = …; o.AdapterPath = …; }) inside AddNomadMuse(...).");

    private ClassificationModule Classification => _classification
        ?? throw new InvalidOperationException("NomadMuse classification was not added: call AddClassification() inside AddNomadMuse(...).");

    private GenerationModule Generation => _generation
        ?? throw new InvalidOperationException("NomadMuse generation was not added: call AddGeneration() inside AddNomadMuse(...).");
}
