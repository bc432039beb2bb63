using NomadMuse.Core.Training;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;

namespace NomadMuse.Personalization.Tests;

/// <summary>
/// A simulated musician with a clear taste: accepts high-register (A4–A6) A-minor-pentatonic lines in steady eighth
/// notes, rejects low-register (C2–C4) chromatic lines in quarter and dotted-quarter notes. Both are random walks,
/// seeded, tokenised with the real tokenizer.
/// </summary>
internal static class SyntheticUser
{
    private static readonly int[] Pentatonic = [69, 72, 74, 76, 79, 81, 84, 86, 88, 91, 93];

    public static int[] Preferred(TrainingRandom random, int notes = 48)
    {
        var list = new BeatNote[notes];
        int index = random.NextInt(Pentatonic.Length);
        for (int i = 0; i < notes; i++)
        {
            list[i] = new BeatNote(i * 0.5, 0.5, Pentatonic[index], 96, false);
            index = Math.Clamp(index + random.NextInt(5) - 2, 0, Pentatonic.Length - 1);
        }

        return new MuseTokenizer().Encode(list);
    }

    public static int[] Disliked(TrainingRandom random, int notes = 32)
    {
        var list = new BeatNote[notes];
        double beat = 0;
        int pitch = 36 + random.NextInt(24);
        for (int i = 0; i < notes; i++)
        {
            double length = random.NextInt(2) == 0 ? 1.0 : 1.5;
            list[i] = new BeatNote(beat, length, pitch, 60, false);
            beat += length;
            pitch = Math.Clamp(pitch + random.NextInt(7) - 3, 36, 60);
        }

        return new MuseTokenizer().Encode(list);
    }

    /// <summary>Neither liked nor disliked: mid-register (C4–C5) C-major lines in quarter notes, never logged.</summary>
    public static int[] Neutral(TrainingRandom random, int notes = 32)
    {
        int[] major = [60, 62, 64, 65, 67, 69, 71, 72];
        var list = new BeatNote[notes];
        int index = random.NextInt(major.Length);
        for (int i = 0; i < notes; i++)
        {
            list[i] = new BeatNote(i, 1, major[index], 80, false);
            index = Math.Clamp(index + random.NextInt(3) - 1, 0, major.Length - 1);
        }

        return new MuseTokenizer().Encode(list);
    }

    /// <summary>Writes <paramref name="sessions"/> sessions, each with one accepted and one rejected sequence.</summary>
    public static void Play(SessionLog log, int sessions, ulong seed)
    {
        var random = new TrainingRandom(seed);
        for (int s = 0; s < sessions; s++)
        {
            log.BeginSession();
            log.Append(Preferred(random), SequenceOutcome.Accepted, instrument: 0, trackType: 1);
            log.Append(Disliked(random), SequenceOutcome.Rejected, instrument: 0, trackType: 1);
        }
    }

    public static List<TrackSequence> HeldOut(Func<TrainingRandom, int[]> make, int count, ulong seed)
    {
        var random = new TrainingRandom(seed);
        return [.. Enumerable.Range(0, count).Select(i => new TrackSequence(i, 0, 1, Array.ConvertAll(make(random), t => (ushort)t)))];
    }
}
