using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Hosting;

/// <summary>Turns the notes a host was offered back into the tokens the session log stores.</summary>
internal static class OutcomeTokens
{
    private static readonly MuseTokenizer Tokenizer = new(); // immutable, shareable across threads

    /// <summary>
    /// Encodes <paramref name="notes"/> with the generator's own tokenizer, moved back by whole bars so the first
    /// note's bar starts at beat 0.
    /// </summary>
    /// <remarks>
    /// Generated notes carry the session's clock (beats since its priming, possibly thousands). The tokens hold time
    /// only as TIME_SHIFTs from START, so left as they are a late bar would be logged behind a long run of empty
    /// shifts the generator never produced; moving by whole bars keeps each note's place in its bar.
    /// </remarks>
    /// <exception cref="ArgumentException">No notes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A note is out of range for the tokenizer (key, velocity, time).</exception>
    public static int[] Encode(IReadOnlyList<GeneratedNote> notes, double beatsPerBar)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (notes.Count == 0)
        {
            throw new ArgumentException("There are no notes to record; pass the notes the host offered (e.g. a RequestNextBar result).", nameof(notes));
        }

        double first = double.PositiveInfinity;
        foreach (GeneratedNote n in notes)
        {
            first = Math.Min(first, n.StartBeats);
        }

        double shift = first > 0 ? Math.Floor(first / beatsPerBar) * beatsPerBar : 0;
        var beats = new BeatNote[notes.Count];
        for (int i = 0; i < beats.Length; i++)
        {
            GeneratedNote n = notes[i];
            beats[i] = new BeatNote(n.StartBeats - shift, n.DurationBeats, n.Pitch, n.Velocity, n.IsDrum);
        }

        return Tokenizer.Encode(beats);
    }
}
