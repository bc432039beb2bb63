using NomadMuse.Core.Training;
using NomadMuse.Generation.Runtime;

namespace NomadMuse.Hosting.Tests;

/// <summary>
/// A musician with a clear taste, as the notes a host would hand back: keeps high (A4–A6) A-minor-pentatonic lines
/// in eighth notes, discards low (C2–C4) chromatic lines in quarter notes. Seeded random walks.
/// </summary>
internal static class TasteLines
{
    public static readonly int[] Pentatonic = [69, 72, 74, 76, 79, 81, 84, 86, 88, 91, 93];

    /// <summary>Two bars of eighths starting at <paramref name="startBeats"/> (a host's session clock is rarely at 0).</summary>
    public static GeneratedNote[] Kept(TrainingRandom random, double startBeats = 0)
    {
        var notes = new GeneratedNote[16];
        int index = random.NextInt(Pentatonic.Length);
        for (int i = 0; i < notes.Length; i++)
        {
            notes[i] = new GeneratedNote(startBeats + (i * 0.5), 0.5, Pentatonic[index], 96, false, 0.5f);
            index = Math.Clamp(index + random.NextInt(5) - 2, 0, Pentatonic.Length - 1);
        }

        return notes;
    }

    public static GeneratedNote[] Discarded(TrainingRandom random, double startBeats = 0)
    {
        var notes = new GeneratedNote[8];
        int pitch = 36 + random.NextInt(24);
        for (int i = 0; i < notes.Length; i++)
        {
            notes[i] = new GeneratedNote(startBeats + i, 1, pitch, 64, false, 0.5f);
            pitch = Math.Clamp(pitch + random.NextInt(7) - 3, 36, 60);
        }

        return notes;
    }

    /// <summary>Records <paramref name="count"/> kept and discarded lines on a tonal track, as a host would.</summary>
    public static void Record(IMuseCoordinator muse, int trackId, int count, ulong seed)
    {
        var random = new TrainingRandom(seed);
        for (int i = 0; i < count; i++)
        {
            muse.RecordOutcome(trackId, Kept(random, 8 * i), Personalization.SequenceOutcome.Accepted);
            muse.RecordOutcome(trackId, Discarded(random, (8 * i) + 4), Personalization.SequenceOutcome.Rejected);
        }
    }
}
