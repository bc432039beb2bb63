using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>
/// The generation intelligence inside the coordinator: one shared generator and one session per track, opened on
/// first use with the unified state attached, so each session follows its track's type (written by the classifier)
/// and the key the host or the key detector set.
/// </summary>
/// <remarks>
/// Phrase calls are host-thread work (they step the model many times); a track's session is used by one caller at a
/// time (a per-track lock), different tracks run in parallel.
/// </remarks>
internal sealed class GenerationModule
{
    private readonly MuseGenerator _generator;
    private readonly UnifiedState _state;
    private readonly GenerationModuleOptions _options;
    private readonly ILogitAdjustment? _adjustment;
    private readonly ConcurrentDictionary<int, GenerationSession> _sessions = new();

    /// <param name="state">The unified state sessions follow.</param>
    /// <param name="options">Validated options.</param>
    /// <param name="adjustment">Given to every session (personalisation's adapter slot), or null.</param>
    /// <param name="logger">Where start-up is logged.</param>
    public GenerationModule(UnifiedState state, GenerationModuleOptions options, ILogitAdjustment? adjustment, ILogger logger)
    {
        _state = state;
        _options = options;
        _adjustment = adjustment;
        if (options.ModelPath is { } path)
        {
            var model = GeneratorModel.Load(path);
            _generator = MuseGenerator.FromModel(options.Quantize && !model.IsQuantized ? model.Quantize() : model);
        }
        else
        {
            _generator = MuseGenerator.LoadDefault();
        }

        HostingLog.GenerationStarted(logger, options.ModelPath ?? "embedded default", _generator.Model.IsQuantized ? "INT8" : "fp32",
            _generator.Model.ParameterCount);
    }

    public MuseGenerator Generator => _generator;

    public void Prime(int trackId, ReadOnlySpan<BeatNote> music)
    {
        var session = Session(trackId);
        lock (session)
        {
            session.Prime(music);
        }
    }

    public IReadOnlyList<GeneratedNote> NextBar(int trackId, bool suggestionsOnly)
    {
        var session = Session(trackId);
        lock (session)
        {
            return suggestionsOnly ? session.SuggestNextBar() : session.NextBar();
        }
    }

    /// <summary>
    /// The conditioning a track's session generates under, as the session log stores it: the state's instrument
    /// (0 when unknown) and the type of the mode it runs in (1 tonal, 2 percussive).
    /// </summary>
    /// <remarks>
    /// Mirrors the session's own rule (a fixed mode, else the state's track type, else drums when it is in drum mode)
    /// so the adapter is trained under the conditioning the frozen model generated the material with. A track of
    /// unknown type counts as percussive when the notes are drums.
    /// </remarks>
    public (int Instrument, int TrackType) ConditioningOf(int trackId, IReadOnlyList<GeneratedNote> notes)
    {
        StateSnapshot snapshot = _state.Current;
        int instrument = snapshot.Tracks.TryGetValue(trackId, out TrackInfo? info) && info.Instrument is { } c ? (int)c : 0;
        GenerationMode mode = _options.Mode != GenerationMode.Auto ? _options.Mode
            : snapshot.TrackTypeOf(trackId) switch
            {
                TrackType.Percussive => GenerationMode.Percussive,
                TrackType.Tonal => GenerationMode.Tonal,
                _ => notes.Any(n => n.IsDrum) ? GenerationMode.Percussive : GenerationMode.Tonal,
            };
        return (instrument, mode == GenerationMode.Percussive ? 2 : 1);
    }

    // The session object doubles as its track's lock: it is private to this module, so nobody else locks it.
    private GenerationSession Session(int trackId) => _sessions.GetOrAdd(trackId, static (id, module) =>
        module._generator.OpenSession(new GenerationOptions
        {
            Mode = module._options.Mode,
            Temperature = module._options.Temperature,
            TopP = module._options.TopP,
            TopK = module._options.TopK,
            GhostNoteThreshold = module._options.GhostNoteThreshold,
            KeySource = module._options.KeySource,
            Seed = module._options.Seed is { } seed ? seed ^ ((long)id * 0x9E3779B9L) : null,
            State = module._state,
            TrackId = id,
            LogitAdjustment = module._adjustment,
        }), this);
}
