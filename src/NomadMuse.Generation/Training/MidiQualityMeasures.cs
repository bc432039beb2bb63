using NomadMuse.Generation.Midi;

namespace NomadMuse.Generation.Training;

/// <summary>
/// What the quality filter looks at in one MIDI file, measured once so that any <see cref="MidiQualityFilter"/> can
/// judge it later (the token store caches these, not a verdict).
/// </summary>
/// <param name="Notes">Note events over every track and channel.</param>
/// <param name="Seconds">End of the last note, in seconds through the tempo map; 0 without notes.</param>
/// <param name="FirstNumerator">Numerator of the earliest time signature, or 0 when the file has none.</param>
/// <param name="MaxConcurrentNotes">Most notes sounding at the same moment, across every track and channel.</param>
public readonly record struct MidiQualityMeasures(int Notes, double Seconds, int FirstNumerator, int MaxConcurrentNotes)
{
    /// <summary>Measures a parsed file.</summary>
    /// <param name="file">The file.</param>
    /// <returns>Its measures.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="file"/> is null.</exception>
    public static MidiQualityMeasures Of(MidiFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        int notes = 0;
        long lastEnd = 0;
        foreach (MidiTrack track in file.Tracks)
        {
            notes += track.Notes.Count;
            foreach (MidiNote n in track.Notes)
            {
                lastEnd = Math.Max(lastEnd, n.EndTick);
            }
        }

        // The end of the music, not the end-of-track event: a trailing end-of-track or pedal release adds silence,
        // and the seed's limits are about how much music a file holds.
        double seconds = notes == 0 ? 0 : file.TempoMap.TicksToSeconds(lastEnd);
        int numerator = file.TimeSignatures.Count > 0 ? file.TimeSignatures[0].Numerator : 0;
        return new MidiQualityMeasures(notes, seconds, numerator, MaxConcurrent(file, notes));
    }

    /// <summary>A sweep over note starts and ends: each note adds one while it sounds, from its start to its end.</summary>
    private static int MaxConcurrent(MidiFile file, int noteCount)
    {
        // Each event is tick·2 + (1 for a start, 0 for an end), so sorting puts a tick's ends before its starts: a
        // note that begins as another ends does not overlap it, and a zero-length note never sounds.
        long[] events = new long[noteCount * 2];
        int k = 0;
        foreach (MidiTrack track in file.Tracks)
        {
            foreach (MidiNote n in track.Notes)
            {
                events[k++] = (n.StartTick * 2) + 1;
                events[k++] = n.EndTick * 2;
            }
        }

        Array.Sort(events);
        int sounding = 0, most = 0;
        foreach (long e in events)
        {
            sounding += (e & 1) == 1 ? 1 : -1;
            most = Math.Max(most, sounding);
        }

        return most;
    }
}
