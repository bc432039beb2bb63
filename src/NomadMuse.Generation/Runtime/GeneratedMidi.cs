using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Runtime;

/// <summary>Writes generated notes as a Standard MIDI File.</summary>
/// <remarks>Thread-safe static helpers; they allocate (not for audio threads).</remarks>
public static class GeneratedMidi
{
    /// <summary>
    /// Builds a format 1 file: a conductor track (tempo, 4/4), a pitched track on channel 1 and a drum track on
    /// channel 10, each present only when used.
    /// </summary>
    /// <param name="notes">Notes in beats (any order).</param>
    /// <param name="beatsPerMinute">Tempo, 1–1000.</param>
    /// <param name="ticksPerQuarterNote">Time division, 1–32,767 (480 represents every 64th note exactly).</param>
    /// <returns>The file.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The tempo or division is out of range, or a note is.</exception>
    public static MidiFile ToMidiFile(IEnumerable<GeneratedNote> notes, double beatsPerMinute = 120, int ticksPerQuarterNote = 480)
    {
        ArgumentNullException.ThrowIfNull(notes);
        return ToMidiFile(notes.Select(n => n.ToBeatNote()), beatsPerMinute, ticksPerQuarterNote);
    }

    /// <summary>As <see cref="ToMidiFile(IEnumerable{GeneratedNote}, double, int)"/>, for plain beat notes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The tempo or division is out of range, or a note is.</exception>
    public static MidiFile ToMidiFile(IEnumerable<BeatNote> notes, double beatsPerMinute = 120, int ticksPerQuarterNote = 480)
    {
        ArgumentNullException.ThrowIfNull(notes);
        MidiFile.CheckTicksPerQuarterNote(ticksPerQuarterNote, nameof(ticksPerQuarterNote));
        _ = TempoChange.FromBeatsPerMinute(0, beatsPerMinute);
        var list = new List<BeatNote>();
        double end = 0;
        foreach (BeatNote n in notes)
        {
            if (n.Pitch is < 0 or > 127 || n.Velocity is < 1 or > 127 || !(n.StartBeats >= 0) || !(n.DurationBeats >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(notes), n, "Notes need a key 0–127, a velocity 1–127 and non-negative times.");
            }

            list.Add(n);
            end = Math.Max(end, n.StartBeats + n.DurationBeats);
        }

        list.Sort((a, b) => a.StartBeats.CompareTo(b.StartBeats));
        return MidiToBeats.ToMidi(new DecodedSequence(list, [], end), beatsPerMinute, ticksPerQuarterNote);
    }

    /// <summary>Writes the notes to <paramref name="path"/> (temp file + move).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The tempo or a note is out of range.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, IEnumerable<GeneratedNote> notes, double beatsPerMinute = 120)
    {
        ArgumentNullException.ThrowIfNull(path);
        ToMidiFile(notes, beatsPerMinute).Write(path);
    }
}
