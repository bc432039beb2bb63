using NomadMuse.Generation.Tokens;
using NomadMuse.State;

namespace NomadMuse.Generation.Evaluation;

/// <summary>
/// Musical statistics of a continuation against its prompt: how much of it is in the prompt's key, how dense it is,
/// how wide and how high it lies, and (for drums) whether its hits land on drum keys. Pure functions of note lists.
/// </summary>
/// <remarks>
/// "Pitched" notes are those with <see cref="BeatNote.IsDrum"/> false; pitch statistics ignore drum hits and drum
/// statistics ignore nothing (a pitched note in a drum track is a hit off the drum keys). Notes are counted, not
/// weighted by duration: a generated note's length says little about whether its pitch was a good choice.
/// Thread-safe; they allocate nothing except <see cref="Median"/> and the note-mass functions (one delegate).
/// </remarks>
public static class MusicalMetrics
{
    /// <summary>Counts the pitched notes whose pitch class is in <paramref name="key"/>'s scale.</summary>
    /// <param name="notes">The notes.</param>
    /// <param name="key">The key (major, or natural minor: see <see cref="MusicalKey.Contains"/>).</param>
    /// <param name="pitched">Receives the number of pitched notes.</param>
    /// <returns>How many of them are in the key.</returns>
    public static int CountInKey(ReadOnlySpan<BeatNote> notes, MusicalKey key, out int pitched)
    {
        int inKey = 0;
        pitched = 0;
        foreach (BeatNote n in notes)
        {
            if (!n.IsDrum)
            {
                pitched++;
                inKey += key.Contains(n.Pitch) ? 1 : 0;
            }
        }

        return inKey;
    }

    /// <summary>The share of pitched notes in <paramref name="key"/>; <see cref="double.NaN"/> without pitched notes.</summary>
    public static double InKeyShare(ReadOnlySpan<BeatNote> notes, MusicalKey key)
    {
        int inKey = CountInKey(notes, key, out int pitched);
        return pitched == 0 ? double.NaN : (double)inKey / pitched;
    }

    /// <summary>Note onsets per beat.</summary>
    /// <param name="noteCount">Notes (drum hits included).</param>
    /// <param name="beats">The length of the passage in beats (more than 0).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="beats"/> is not positive.</exception>
    public static double NotesPerBeat(int noteCount, double beats)
    {
        if (!(beats > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(beats), beats, "A passage lasts more than 0 beats.");
        }

        return noteCount / beats;
    }

    /// <summary>
    /// Notes per beat of the continuation divided by notes per beat of the prompt (1 = as dense as the prompt);
    /// <see cref="double.NaN"/> when the prompt has no notes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is not positive.</exception>
    public static double DensityRatio(ReadOnlySpan<BeatNote> continuation, double continuationBeats, ReadOnlySpan<BeatNote> prompt, double promptBeats)
    {
        double before = NotesPerBeat(prompt.Length, promptBeats), after = NotesPerBeat(continuation.Length, continuationBeats);
        return prompt.Length == 0 ? double.NaN : after / before;
    }

    /// <summary>Highest minus lowest pitch of the pitched notes, in semitones; −1 without pitched notes.</summary>
    public static int PitchSpan(ReadOnlySpan<BeatNote> notes)
    {
        int low = int.MaxValue, high = int.MinValue;
        foreach (BeatNote n in notes)
        {
            if (!n.IsDrum)
            {
                low = Math.Min(low, n.Pitch);
                high = Math.Max(high, n.Pitch);
            }
        }

        return high < low ? -1 : high - low;
    }

    /// <summary>
    /// The continuation's pitch span divided by the prompt's (1 = as wide); <see cref="double.NaN"/> when either has
    /// no pitched notes or the prompt's span is 0 (one repeated pitch gives no scale to compare with).
    /// </summary>
    public static double PitchSpanRatio(ReadOnlySpan<BeatNote> continuation, ReadOnlySpan<BeatNote> prompt)
    {
        int after = PitchSpan(continuation), before = PitchSpan(prompt);
        return after < 0 || before <= 0 ? double.NaN : (double)after / before;
    }

    /// <summary>The mean MIDI pitch of the pitched notes; <see cref="double.NaN"/> without pitched notes.</summary>
    public static double MeanPitch(ReadOnlySpan<BeatNote> notes)
    {
        long sum = 0;
        int count = 0;
        foreach (BeatNote n in notes)
        {
            if (!n.IsDrum)
            {
                sum += n.Pitch;
                count++;
            }
        }

        return count == 0 ? double.NaN : (double)sum / count;
    }

    /// <summary>Mean pitch of the continuation minus that of the prompt, in semitones (positive = higher).</summary>
    public static double MeanPitchShift(ReadOnlySpan<BeatNote> continuation, ReadOnlySpan<BeatNote> prompt) =>
        MeanPitch(continuation) - MeanPitch(prompt);

    /// <summary>Whether a key is a General MIDI percussion key, 35–81.</summary>
    public static bool IsGeneralMidiDrumKey(int key) => key is >= GeneralMidiDrumMap.FirstKey and <= GeneralMidiDrumMap.LastKey;

    /// <summary>
    /// Counts the notes that are drum hits on one of <paramref name="keys"/> (null: on a General MIDI percussion
    /// key 35–81). Pitched notes never count.
    /// </summary>
    public static int CountOnDrumKeys(ReadOnlySpan<BeatNote> notes, IReadOnlySet<int>? keys = null)
    {
        int count = 0;
        foreach (BeatNote n in notes)
        {
            count += n.IsDrum && (keys?.Contains(n.Pitch) ?? IsGeneralMidiDrumKey(n.Pitch)) ? 1 : 0;
        }

        return count;
    }

    /// <summary>The share of notes that are drum hits on <paramref name="keys"/> (null: 35–81); <see cref="double.NaN"/> for no notes.</summary>
    public static double DrumKeyShare(ReadOnlySpan<BeatNote> notes, IReadOnlySet<int>? keys = null) =>
        notes.Length == 0 ? double.NaN : (double)CountOnDrumKeys(notes, keys) / notes.Length;

    /// <summary>
    /// Given that the next token is a NOTE_ON, the probability that its key is one of <paramref name="keys"/> (null:
    /// 35–81), from unmasked logits at temperature 1: the softmax restricted to the 128 NOTE_ON tokens, summed over
    /// the keys. This measures what the model prefers, not what a drum-kit mask lets through.
    /// </summary>
    /// <param name="logits">The 258 logits of one step.</param>
    /// <param name="keys">The allowed keys, or null for the General MIDI percussion keys.</param>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is not 258 long.</exception>
    public static double NoteMassOnKeys(ReadOnlySpan<float> logits, IReadOnlySet<int>? keys = null) =>
        NoteMass(logits, key => keys?.Contains(key) ?? IsGeneralMidiDrumKey(key));

    /// <summary>
    /// Given that the next token is a NOTE_ON, the probability that its pitch class is in <paramref name="key"/>'s
    /// scale, from unmasked logits at temperature 1 (the softmax over the 128 NOTE_ON tokens, summed over the scale).
    /// Uniform logits give 75/128 for C major (the 128 MIDI pitches hold pitch classes 0–7 eleven times, 8–11 ten).
    /// </summary>
    /// <param name="logits">The 258 logits of one step.</param>
    /// <param name="key">The key.</param>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is not 258 long.</exception>
    public static double NoteMassInKey(ReadOnlySpan<float> logits, MusicalKey key) => NoteMass(logits, key.Contains);

    private static double NoteMass(ReadOnlySpan<float> logits, Func<int, bool> counts)
    {
        if (logits.Length != MuseVocabulary.Size)
        {
            throw new ArgumentException($"Expected {MuseVocabulary.Size} logits, got {logits.Length}.", nameof(logits));
        }

        ReadOnlySpan<float> notes = logits.Slice(MuseVocabulary.NoteOnFirst, MuseVocabulary.NoteOnCount);
        float max = float.NegativeInfinity;
        foreach (float l in notes)
        {
            max = Math.Max(max, l);
        }

        double total = 0, on = 0;
        for (int key = 0; key < notes.Length; key++)
        {
            double e = Math.Exp(notes[key] - max);
            total += e;
            on += counts(key) ? e : 0;
        }

        return on / total;
    }

    /// <summary>The median of the finite values (mean of the middle two for an even count); <see cref="double.NaN"/> when there are none.</summary>
    public static double Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        double[] finite = [.. values.Where(double.IsFinite)];
        if (finite.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(finite);
        int mid = finite.Length / 2;
        return finite.Length % 2 == 1 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
    }
}
