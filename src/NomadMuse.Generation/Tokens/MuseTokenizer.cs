using NomadMuse.Generation.Midi;

namespace NomadMuse.Generation.Tokens;

/// <summary>
/// Encodes MIDI tracks, files or beat-based notes into the 258-token vocabulary and decodes tokens back.
/// </summary>
/// <remarks>
/// <para>Grammar (see <c>docs/tokens.md</c>): <c>START</c>, then per event in time order
/// <c>[TIME_SHIFT…] CONTROL</c> or <c>[TIME_SHIFT…] [CONTROL(Percussion…)] [VELOCITY] NOTE_ON DURATION</c>,
/// then <c>END</c>. Notes on one grid step (chords) follow each other with no TIME_SHIFT: markers first, then
/// pitched notes by rising key, then drums by rising key. A whole file interleaves all its tracks in time.</para>
/// <para>Times are in beats (quarter notes), not seconds: the tempo map does not change the tokens.
/// Encoding quantises: <c>Decode(Encode(x)).Notes</c> equals <see cref="Quantise(ReadOnlySpan{BeatNote})"/> of x.</para>
/// <para>Immutable after construction: one instance may be used from several threads at once.</para>
/// </remarks>
/// <example>
/// <code>
/// var tokenizer = new MuseTokenizer();
/// int[] tokens = tokenizer.Encode(MidiFile.Read("song.mid"));
/// MidiFile back = tokenizer.DecodeToMidi(tokens, beatsPerMinute: 96);
/// </code>
/// </example>
public sealed class MuseTokenizer
{
    /// <summary>Largest note or marker time accepted, in beats (a guard against runaway TIME_SHIFT chains).</summary>
    public const double MaxBeats = 1_000_000;

    private readonly int _grid;
    private readonly double _swing;
    private readonly VelocityTokenMode _velocityMode;
    private readonly bool _includeControls;
    private readonly IReadOnlyDictionary<int, int> _drumMap;

    /// <summary>Creates a tokenizer.</summary>
    /// <param name="options">Settings, copied now; null for the defaults (16th grid, straight, velocity on change, controls on, TD-11 drum map).</param>
    public MuseTokenizer(TokenizerOptions? options = null)
    {
        options ??= new TokenizerOptions();
        _grid = options.GridStepsPerBeat;
        _swing = options.SwingRatio;
        _velocityMode = options.VelocityTokens;
        _includeControls = options.IncludeControls;
        _drumMap = options.DrumKeyMap;
    }

    private MuseTokenizer(MuseTokenizer other, double swingRatio)
    {
        _grid = other._grid;
        _swing = swingRatio;
        _velocityMode = other._velocityMode;
        _includeControls = other._includeControls;
        _drumMap = other._drumMap;
    }

    /// <summary>Quantisation grid, in divisions of a beat.</summary>
    public int GridStepsPerBeat => _grid;

    /// <summary>Swing ratio applied (0.5 is straight).</summary>
    public double SwingRatio => _swing;

    /// <summary>
    /// This tokenizer with another swing ratio and every other setting kept (the data pipeline's per-track swing),
    /// or this one when the ratio is the same.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="swingRatio"/> is outside 0.5–0.75.</exception>
    internal MuseTokenizer WithSwingRatio(double swingRatio)
    {
        if (!(swingRatio is >= 0.5 and <= 0.75))
        {
            throw new ArgumentOutOfRangeException(nameof(swingRatio), swingRatio, "The swing ratio must be 0.5 (straight) to 0.75.");
        }

        return swingRatio == _swing ? this : new MuseTokenizer(this, swingRatio);
    }

    /// <summary>Encodes a whole file, its tracks interleaved in time.</summary>
    /// <param name="file">The file.</param>
    /// <param name="destination">Receives the tokens.</param>
    /// <returns>The number of tokens written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short (see <see cref="CountTokens(MidiFile)"/>).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A note lies beyond <see cref="MaxBeats"/>.</exception>
    public int Encode(MidiFile file, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Write(Events(file.Tracks, file.TicksPerQuarterNote), destination);
    }

    /// <summary>Encodes one track.</summary>
    /// <param name="track">The track.</param>
    /// <param name="ticksPerQuarterNote">The time division of the file the track came from.</param>
    /// <param name="destination">Receives the tokens.</param>
    /// <returns>The number of tokens written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ticksPerQuarterNote"/> is not 1–32,767, or a note lies beyond <see cref="MaxBeats"/>.</exception>
    public int Encode(MidiTrack track, int ticksPerQuarterNote, Span<int> destination)
    {
        ArgumentNullException.ThrowIfNull(track);
        MidiFile.CheckTicksPerQuarterNote(ticksPerQuarterNote, nameof(ticksPerQuarterNote));
        return Write(Events([track], ticksPerQuarterNote), destination);
    }

    /// <summary>Encodes beat-based notes and optional markers.</summary>
    /// <param name="notes">Notes in any order.</param>
    /// <param name="controls">Sustain, modulation and bend markers (percussion markers are ignored: each note says whether it is a drum).</param>
    /// <param name="destination">Receives the tokens.</param>
    /// <returns>The number of tokens written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A note has a time outside 0–<see cref="MaxBeats"/>, a key outside 0–127 or a velocity outside 1–127.</exception>
    public int Encode(ReadOnlySpan<BeatNote> notes, ReadOnlySpan<BeatControl> controls, Span<int> destination) =>
        Write(Events(notes, controls), destination);

    /// <summary>Encodes a whole file, its tracks interleaved in time.</summary>
    /// <param name="file">The file.</param>
    /// <returns>The tokens.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A note lies beyond <see cref="MaxBeats"/>.</exception>
    public int[] Encode(MidiFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ToArray(Events(file.Tracks, file.TicksPerQuarterNote));
    }

    /// <summary>Encodes one track.</summary>
    /// <param name="track">The track.</param>
    /// <param name="ticksPerQuarterNote">The time division of the file the track came from.</param>
    /// <returns>The tokens.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ticksPerQuarterNote"/> is not 1–32,767, or a note lies beyond <see cref="MaxBeats"/>.</exception>
    public int[] Encode(MidiTrack track, int ticksPerQuarterNote)
    {
        ArgumentNullException.ThrowIfNull(track);
        MidiFile.CheckTicksPerQuarterNote(ticksPerQuarterNote, nameof(ticksPerQuarterNote));
        return ToArray(Events([track], ticksPerQuarterNote));
    }

    /// <summary>Encodes beat-based notes and optional markers.</summary>
    /// <param name="notes">Notes in any order.</param>
    /// <param name="controls">Markers, or empty.</param>
    /// <returns>The tokens.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A note has a time outside 0–<see cref="MaxBeats"/>, a key outside 0–127 or a velocity outside 1–127.</exception>
    public int[] Encode(ReadOnlySpan<BeatNote> notes, ReadOnlySpan<BeatControl> controls = default) => ToArray(Events(notes, controls));

    /// <summary>How many tokens <see cref="Encode(MidiFile, Span{int})"/> writes for a file.</summary>
    /// <param name="file">The file.</param>
    /// <returns>The token count, START and END included.</returns>
    public int CountTokens(MidiFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return TokenEmitter.Emit(Events(file.Tracks, file.TicksPerQuarterNote), _velocityMode, []);
    }

    /// <summary>What encoding does to notes: drum keys mapped (unmappable drums dropped), starts snapped to the grid
    /// (through the swing warp), durations to their bin, velocities to their bin centre; in token order.</summary>
    /// <param name="notes">Notes in any order.</param>
    /// <returns>The notes that decoding the encoded tokens gives back.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A note is out of range (see <see cref="Encode(ReadOnlySpan{BeatNote}, ReadOnlySpan{BeatControl})"/>).</exception>
    public IReadOnlyList<BeatNote> Quantise(ReadOnlySpan<BeatNote> notes)
    {
        QuantisedEvent[] events = Events(notes, []);
        var result = new BeatNote[events.Length];
        for (int i = 0; i < events.Length; i++)
        {
            QuantisedEvent e = events[i];
            result[i] = new BeatNote(
                SwingGrid.Swing(e.Step / (double)MuseVocabulary.StepsPerBeat, _swing),
                DurationBins.BeatsOf(e.DurationBin),
                e.Pitch,
                MuseVocabulary.VelocityOfBin(e.VelocityBin),
                e.Kind == QuantisedEvent.DrumKind);
        }

        return result;
    }

    /// <summary>Decodes tokens into notes and markers in beats.</summary>
    /// <param name="tokens">Token ids 0–257 (for example a model's output; malformed order is tolerated).</param>
    /// <returns>The decoded notes and markers.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A token id is outside 0–257.</exception>
    public DecodedSequence Decode(ReadOnlySpan<int> tokens) => TokenDecoder.Decode(tokens, _swing);

    /// <summary>Decodes tokens into a format 1 MIDI file: a conductor track, a pitched track on channel 1 (with
    /// sustain, modulation and bend) and a drum track on channel 10, each present only when used.</summary>
    /// <param name="tokens">Token ids 0–257.</param>
    /// <param name="beatsPerMinute">Tempo of the file.</param>
    /// <param name="ticksPerQuarterNote">Time division of the file (480 represents every 64th note exactly).</param>
    /// <returns>The file.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A token id is outside 0–257, or the tempo or division is out of range.</exception>
    public MidiFile DecodeToMidi(ReadOnlySpan<int> tokens, double beatsPerMinute = 120, int ticksPerQuarterNote = 480)
    {
        MidiFile.CheckTicksPerQuarterNote(ticksPerQuarterNote, nameof(ticksPerQuarterNote));
        _ = TempoChange.FromBeatsPerMinute(0, beatsPerMinute);
        return MidiToBeats.ToMidi(Decode(tokens), beatsPerMinute, ticksPerQuarterNote);
    }

    /// <summary>Converts a file's notes to beats (all tracks; drums are the notes on channel 10).</summary>
    /// <param name="file">The file.</param>
    /// <returns>Notes in beats, in track order.</returns>
    public static BeatNote[] ToBeatNotes(MidiFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return MidiToBeats.Notes(file.Tracks, file.TicksPerQuarterNote);
    }

    /// <summary>
    /// Estimates eighth-note swing: the median position, within the beat, of onsets between 0.45 and 0.72 of a beat.
    /// </summary>
    /// <param name="notes">Notes (pitched or drums).</param>
    /// <returns>A ratio for <see cref="TokenizerOptions.SwingRatio"/>: 0.5 when fewer than 8 such onsets exist or the median is below 0.54.</returns>
    public static double EstimateSwing(ReadOnlySpan<BeatNote> notes)
    {
        var offbeats = new List<double>();
        foreach (BeatNote n in notes)
        {
            double f = n.StartBeats - Math.Floor(n.StartBeats);
            if (f is >= 0.45 and <= 0.72)
            {
                offbeats.Add(f);
            }
        }

        if (offbeats.Count < 8)
        {
            return 0.5;
        }

        offbeats.Sort();
        double median = offbeats[offbeats.Count / 2];
        return median < 0.54 ? 0.5 : Math.Min(median, 0.75);
    }

    private int Write(QuantisedEvent[] events, Span<int> destination)
    {
        int count = TokenEmitter.Emit(events, _velocityMode, destination);
        if (count > destination.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} tokens but {count} are needed.", nameof(destination));
        }

        return count;
    }

    private int[] ToArray(QuantisedEvent[] events)
    {
        int count = TokenEmitter.Emit(events, _velocityMode, []);
        int[] tokens = new int[count];
        TokenEmitter.Emit(events, _velocityMode, tokens);
        return tokens;
    }

    private QuantisedEvent[] Events(IEnumerable<MidiTrack> tracks, int ticksPerQuarterNote)
    {
        MidiTrack[] list = [.. tracks];
        BeatNote[] notes = MidiToBeats.Notes(list, ticksPerQuarterNote);
        BeatControl[] controls = _includeControls ? MidiToBeats.Controls(list, ticksPerQuarterNote) : [];
        return Events(notes, controls);
    }

    private QuantisedEvent[] Events(ReadOnlySpan<BeatNote> notes, ReadOnlySpan<BeatControl> controls)
    {
        var events = new List<QuantisedEvent>(notes.Length + controls.Length);
        int sequence = 0;
        if (_includeControls)
        {
            foreach (BeatControl c in controls)
            {
                if (c.Control is MuseControl.PercussionOn or MuseControl.PercussionOff)
                {
                    continue;
                }

                if (!Enum.IsDefined(c.Control))
                {
                    throw new ArgumentOutOfRangeException(nameof(controls), c.Control, "Unknown control marker.");
                }

                events.Add(new QuantisedEvent(Step(c.Beat, nameof(controls)), QuantisedEvent.ControlKind, 0, 0, 0, c.Control, sequence++));
            }
        }

        foreach (BeatNote n in notes)
        {
            if (n.Pitch is < 0 or > 127)
            {
                throw new ArgumentOutOfRangeException(nameof(notes), n.Pitch, "A note key must be 0–127.");
            }

            if (n.Velocity is < 1 or > 127)
            {
                throw new ArgumentOutOfRangeException(nameof(notes), n.Velocity, "A note velocity must be 1–127.");
            }

            int pitch = n.IsDrum ? GeneralMidiDrumMap.Map(n.Pitch, _drumMap) : n.Pitch;
            if (pitch < 0)
            {
                continue; // a drum with no General MIDI equivalent
            }

            long step = Step(n.StartBeats, nameof(notes));
            double straightEnd = SwingGrid.Straighten(n.StartBeats + Math.Max(0, n.DurationBeats), _swing);
            int durationBin = DurationBins.BinOf(straightEnd - SwingGrid.Straighten(n.StartBeats, _swing));
            events.Add(new QuantisedEvent(step, n.IsDrum ? QuantisedEvent.DrumKind : QuantisedEvent.PitchedKind, pitch, durationBin, MuseVocabulary.VelocityBin(n.Velocity), default, sequence++));
        }

        QuantisedEvent[] sorted = [.. events];
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>Snaps a time to the grid (after straightening swing) and returns it in 64th-note steps.</summary>
    private long Step(double beats, string paramName)
    {
        if (!(beats is >= 0 and <= MaxBeats))
        {
            throw new ArgumentOutOfRangeException(paramName, beats, $"Times must be 0–{MaxBeats} beats.");
        }

        double gridIndex = Math.Round(SwingGrid.Straighten(beats, _swing) * _grid, MidpointRounding.AwayFromZero);
        return (long)gridIndex * (MuseVocabulary.StepsPerBeat / _grid);
    }
}
