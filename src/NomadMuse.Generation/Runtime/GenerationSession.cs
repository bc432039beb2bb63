using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Runtime.Sampling;
using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Runtime;

/// <summary>
/// One generation stream: primed with the music so far, then stepped token by token with the model's cached
/// recurrent and attention state, so a step costs the same after ten seconds or ten minutes. High-level calls
/// (<see cref="Continue"/>, <see cref="NextBar"/>, <see cref="DrumFill"/>, <see cref="ChordProgression"/>,
/// <see cref="Infill"/>) return notes with beat positions.
/// </summary>
/// <remarks>
/// Open one per track with <see cref="MuseGenerator.OpenSession"/>. Not thread-safe: one thread at a time (sessions
/// of one generator may run on different threads concurrently). <see cref="TryStep"/> is the real-time path: it
/// allocates nothing and takes no lock (except when key detection finds a modulation and publishes it to the state,
/// a rare control-rate event). Priming and the high-level calls allocate their inputs and result lists.
/// </remarks>
public sealed partial class GenerationSession
{
    private const int Vocabulary = MuseVocabulary.Size;
    private const int RecentCapacity = 64;

    private readonly MuseGenerator _generator;
    private readonly GeneratorModel _model;
    private readonly GeneratorState _state;
    private readonly float[] _logits = new float[Vocabulary];
    private readonly float[] _masked = new float[Vocabulary];
    private readonly TokenSampler _sampler = new(Vocabulary);
    private readonly SamplingRandom _random;
    private readonly KeyDetector _detector = new();
    private readonly int[] _recentPitches = new int[RecentCapacity];
    private readonly MuseTokenizer _tokenizer = new();

    private GrammarPhase _phase;
    private long _time;
    private int _eventsAtStep;
    private bool _drums;
    private int _velocityBin = DefaultVelocityBin;
    private int _pendingPitch = -1;
    private long _pendingTime;
    private float _pendingConfidence;
    private bool _pendingDrum;
    private int _pendingVelocity;
    private int _recentNext, _recentCount;
    private int _notesSinceKeyUpdate;
    private long _limit = long.MaxValue;
    private List<GeneratedNote>? _collector;
    private float _fillBias;
    private GenerationMode? _modeOverride;
    private MusicalKey? _keyOverride;

    internal GenerationSession(MuseGenerator generator, GeneratorModel model, GenerationOptions options)
    {
        _generator = generator;
        _model = model;
        Options = options;
        _state = model.CreateState();
        _random = new SamplingRandom(options.Seed is { } seed ? unchecked((ulong)seed) : (ulong)Random.Shared.NextInt64());
        Reset();
    }

    private enum GrammarPhase
    {
        Boundary,
        AfterVelocity,
        AfterNoteOn,
    }

    /// <summary>The velocity bin before any VELOCITY token (bin 12, velocity 100), as the decoder assumes.</summary>
    private const int DefaultVelocityBin = 12;

    /// <summary>The options the session was opened with.</summary>
    public GenerationOptions Options { get; }

    /// <summary>The generator this session belongs to.</summary>
    public MuseGenerator Generator => _generator;

    /// <summary>The stream time, in beats: where the next token takes effect.</summary>
    public double Beat => _time / (double)MuseVocabulary.StepsPerBeat;

    /// <summary>Tokens fed to the model since the last priming (primed and generated).</summary>
    public long Position => _state.Position;

    /// <summary>Whether the stream is currently in drum mode (after a PercussionOn marker).</summary>
    public bool IsDrumMode => _drums;

    /// <summary>The key detected from the music so far, or <see langword="null"/> before there is enough pitched music.</summary>
    public MusicalKey? DetectedKey => _detector.Current;

    /// <summary>Quarter-note beats per bar, from the state's time signature (4 without a state).</summary>
    public double BeatsPerBar
    {
        get
        {
            NomadMuse.State.TimeSignature ts = Options.State?.Current.Music.TimeSignature ?? NomadMuse.State.TimeSignature.CommonTime;
            return ts.Numerator * 4.0 / ts.Denominator;
        }
    }

    /// <summary>The mode the next token is generated in (resolves <see cref="GenerationMode.Auto"/>).</summary>
    public GenerationMode EffectiveMode
    {
        get
        {
            GenerationMode mode = _modeOverride ?? Options.Mode;
            if (mode != GenerationMode.Auto)
            {
                return mode;
            }

            return Options.State?.Current.TrackTypeOf(Options.TrackId) switch
            {
                TrackType.Percussive => GenerationMode.Percussive,
                TrackType.Tonal => GenerationMode.Tonal,
                _ => _drums ? GenerationMode.Percussive : GenerationMode.Tonal,
            };
        }
    }

    /// <summary>The key tonal notes are constrained to right now.</summary>
    public MusicalKey CurrentKey =>
        _keyOverride ?? Options.Key ?? (Options.KeySource == KeySource.Detect ? _detector.Current : null)
        ?? Options.State?.Current.Music.Key ?? default;

    /// <summary>
    /// The model's logits for the next token before any mask (grammar, key, drum kit, repetition guard), as the last
    /// step left them; valid until the next step. Evaluation reads it to measure the model rather than the masks.
    /// </summary>
    internal ReadOnlySpan<float> RawLogits => _logits;

    /// <summary>Starts a new, empty stream (START, plus PercussionOn in percussive mode).</summary>
    public void Reset() => PrimeTokens([]);

    /// <summary>Primes the stream with notes (the music so far); the stream continues after the last one.</summary>
    /// <param name="music">Notes in any order; drums are notes with <see cref="BeatNote.IsDrum"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A note is out of range (see <see cref="MuseTokenizer"/>).</exception>
    public void Prime(ReadOnlySpan<BeatNote> music) => PrimeTokens(_tokenizer.Encode(music));

    /// <summary>Primes the stream with a MIDI file: all tracks interleaved, or one track.</summary>
    /// <param name="file">The file.</param>
    /// <param name="trackIndex">A track index, or <see langword="null"/> for every track.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="trackIndex"/> is not a track of the file.</exception>
    public void Prime(MidiFile file, int? trackIndex = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (trackIndex is { } t)
        {
            if ((uint)t >= (uint)file.Tracks.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(trackIndex), t, $"The file has {file.Tracks.Count} tracks (0–{file.Tracks.Count - 1}).");
            }

            PrimeTokens(_tokenizer.Encode(file.Tracks[t], file.TicksPerQuarterNote));
        }
        else
        {
            PrimeTokens(_tokenizer.Encode(file));
        }
    }

    /// <summary>Primes the stream with several tracks of a MIDI file, interleaved in time.</summary>
    /// <param name="file">The file.</param>
    /// <param name="trackIndices">The tracks to use (duplicates are used once).</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is not a track of the file.</exception>
    public void Prime(MidiFile file, IEnumerable<int> trackIndices)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(trackIndices);
        var tracks = new List<MidiTrack>();
        foreach (int t in trackIndices.Distinct())
        {
            if ((uint)t >= (uint)file.Tracks.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(trackIndices), t, $"The file has {file.Tracks.Count} tracks (0–{file.Tracks.Count - 1}).");
            }

            tracks.Add(file.Tracks[t]);
        }

        PrimeTokens(_tokenizer.Encode(MidiToBeats.Notes(tracks, file.TicksPerQuarterNote), MidiToBeats.Controls(tracks, file.TicksPerQuarterNote)));
    }

    /// <summary>Primes the stream with tokens (a START is added when missing; a trailing END is dropped).</summary>
    /// <param name="tokens">Token ids 0–257 in the grammar of <c>docs/tokens.md</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside 0–257.</exception>
    public void PrimeTokens(ReadOnlySpan<int> tokens)
    {
        foreach (int token in tokens)
        {
            if ((uint)token >= Vocabulary)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, "Token ids are 0–257.");
            }
        }

        int end = tokens.Length;
        int endIndex = tokens.IndexOf(MuseVocabulary.End);
        if (endIndex >= 0)
        {
            end = endIndex;
        }

        int begin = tokens.Length > 0 && tokens[0] == MuseVocabulary.Start ? 1 : 0;
        _state.Reset();
        _detector.Reset();
        _phase = GrammarPhase.Boundary;
        _time = 0;
        _eventsAtStep = 0;
        _drums = false;
        _velocityBin = DefaultVelocityBin;
        _pendingPitch = -1;
        _recentCount = _recentNext = 0;
        _notesSinceKeyUpdate = 0;

        // Long music: only the latest tokens go through the model (its memory is short anyway); the older ones just
        // advance the clock, the drum switch and the key detector. The cut moves forward to a time shift.
        int cut = begin;
        if (end - begin > Options.MaxPrimeTokens)
        {
            cut = end - Options.MaxPrimeTokens;
            while (cut < end && MuseVocabulary.KindOf(tokens[cut]) != MuseTokenKind.TimeShift)
            {
                cut++;
            }

            for (int i = begin; i < cut; i++)
            {
                Track(tokens[i], 1f);
            }
        }

        Feed(MuseVocabulary.Start);
        if (_drums)
        {
            _model.Step(MuseVocabulary.Control(MuseControl.PercussionOn), _state, _logits);
        }

        for (int i = cut; i < end; i++)
        {
            Track(tokens[i], 1f);
            _model.Step(tokens[i], _state, _logits);
        }

        UpdateKey();
        EnsureModeMarker();
    }

    /// <summary>Draws and feeds the next token.</summary>
    /// <param name="next">The predicted token with its probability and time.</param>
    /// <returns>False when nothing may follow (every token masked); the stream is unchanged then.</returns>
    /// <remarks>
    /// Real-time path: allocates nothing and takes no lock; cost is one model step plus masking and sampling over
    /// 258 logits, independent of how long the stream is. Call from one thread at a time.
    /// </remarks>
    public bool TryStep(out PredictedEvent next)
    {
        EnsureModeMarker();
        if (_phase == GrammarPhase.Boundary && _time >= _limit)
        {
            next = default;
            return false;
        }

        _logits.AsSpan().CopyTo(_masked);
        ApplyConstraints(_masked);
        float temperature = CurrentTemperature;
        int token = _sampler.Sample(_masked, temperature, Options.TopK, Options.TopP, _random, out float probability, out float max);
        if (token < 0)
        {
            next = default;
            return false;
        }

        int velocityBin = token is >= MuseVocabulary.VelocityFirst and < MuseVocabulary.TimeShiftFirst ? token - MuseVocabulary.VelocityFirst : _velocityBin;
        next = new PredictedEvent(token, probability, max, Beat, MuseVocabulary.VelocityOfBin(velocityBin), _drums,
            probability >= Options.GhostNoteThreshold);
        Feed(token, probability);
        return true;
    }

    /// <summary>Feeds a token that was played rather than predicted (teacher forcing), keeping time and key up to date.</summary>
    /// <param name="token">A token id 0–257.</param>
    /// <remarks>Allocation-free; same threading rules as <see cref="TryStep"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="token"/> is outside 0–257.</exception>
    public void Observe(int token)
    {
        if ((uint)token >= Vocabulary)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, "Token ids are 0–257.");
        }

        Feed(token);
    }

    /// <summary>The temperature the next draw uses (adaptive when enabled and the state holds velocities).</summary>
    /// <remarks>Allocation-free; reads the state's velocity statistics (one volatile read).</remarks>
    public float CurrentTemperature
    {
        get
        {
            float t = Options.Temperature;
            if (Options.AdaptiveTemperature && Options.State is { } state)
            {
                PerformanceStats stats = state.Current.Performance;
                if (stats.Count >= 2)
                {
                    t = (float)AdaptiveTemperature.Compute(t, stats[stats.Count - 1], stats.Mean, stats.StandardDeviation);
                }
            }

            return t;
        }
    }

    /// <summary>Feeds one token: bookkeeping, then one model step (its logits are the next prediction's input).</summary>
    private void Feed(int token, float confidence = 1f)
    {
        Track(token, confidence);
        _model.Step(token, _state, _logits);
        if (_notesSinceKeyUpdate >= 4)
        {
            UpdateKey();
        }
    }

    /// <summary>Follows the grammar the way the decoder does: clock, velocity, drum switch, notes, key evidence.</summary>
    private void Track(int token, float confidence)
    {
        switch (token)
        {
            case >= MuseVocabulary.TimeShiftFirst and < MuseVocabulary.ControlFirst:
                Complete(0);
                _time += token - MuseVocabulary.TimeShiftFirst + 1;
                _eventsAtStep = 0;
                _phase = GrammarPhase.Boundary;
                break;
            case >= MuseVocabulary.VelocityFirst and < MuseVocabulary.TimeShiftFirst:
                Complete(0);
                _velocityBin = token - MuseVocabulary.VelocityFirst;
                _phase = GrammarPhase.AfterVelocity;
                break;
            case >= MuseVocabulary.NoteOnFirst and < MuseVocabulary.DurationFirst:
                Complete(0);
                _pendingPitch = token - MuseVocabulary.NoteOnFirst;
                _pendingTime = _time;
                _pendingVelocity = MuseVocabulary.VelocityOfBin(_velocityBin);
                _pendingDrum = _drums;
                _pendingConfidence = confidence;
                _phase = GrammarPhase.AfterNoteOn;
                break;
            case >= MuseVocabulary.DurationFirst and < MuseVocabulary.VelocityFirst:
                Complete(token - MuseVocabulary.DurationFirst);
                _phase = GrammarPhase.Boundary;
                break;
            case >= MuseVocabulary.ControlFirst:
                Complete(0);
                int control = token - MuseVocabulary.ControlFirst;
                if (control == (int)MuseControl.PercussionOn)
                {
                    _drums = true;
                }
                else if (control == (int)MuseControl.PercussionOff)
                {
                    _drums = false;
                }

                _eventsAtStep++;
                _phase = GrammarPhase.Boundary;
                break;
            default:
                break; // specials carry no music
        }
    }

    private void Complete(int durationBin)
    {
        if (_pendingPitch < 0)
        {
            return;
        }

        double start = _pendingTime / (double)MuseVocabulary.StepsPerBeat, length = DurationBins.BeatsOf(durationBin);
        if (!_pendingDrum)
        {
            _detector.Add(_pendingPitch, start, length);
            _notesSinceKeyUpdate++;
        }

        _recentPitches[_recentNext] = _pendingPitch;
        _recentNext = (_recentNext + 1) % RecentCapacity;
        _recentCount = Math.Min(_recentCount + 1, RecentCapacity);
        _eventsAtStep++;
        _collector?.Add(new GeneratedNote(start, length, _pendingPitch, _pendingVelocity, _pendingDrum, _pendingConfidence));
        _pendingPitch = -1;
    }

    private void UpdateKey()
    {
        _notesSinceKeyUpdate = 0;
        if (Options.Key is not null || Options.KeySource != KeySource.Detect)
        {
            return;
        }

        if (_detector.Update() && _detector.Current is { } key && Options.State is { } state && state.Current.Music.Key != key)
        {
            state.SetKey(key); // a modulation: rare, so the allocation of a new snapshot is acceptable here
        }
    }

    /// <summary>At an event boundary, switches the stream into or out of drum mode when the effective mode demands it.</summary>
    private void EnsureModeMarker()
    {
        if (_phase != GrammarPhase.Boundary)
        {
            return;
        }

        GenerationMode mode = EffectiveMode;
        int trackType = mode == GenerationMode.Percussive ? 2 : 1;
        int instrument = Options.Instrument is { } i ? (int)i
            : Options.State?.Current.Tracks.TryGetValue(Options.TrackId, out TrackInfo? info) == true && info!.Instrument is { } c ? (int)c : 0;
        if (_state.TrackType != trackType || _state.Instrument != instrument)
        {
            _state.SetContext(instrument, trackType);
        }

        if (mode == GenerationMode.Percussive && !_drums)
        {
            Feed(MuseVocabulary.Control(MuseControl.PercussionOn));
        }
        else if (mode == GenerationMode.Tonal && _drums)
        {
            Feed(MuseVocabulary.Control(MuseControl.PercussionOff));
        }
    }
}
