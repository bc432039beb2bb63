namespace NomadMuse.Generation.Midi;

/// <summary>
/// Thrown when bytes that should form a Standard MIDI File do not: the message names the problem and the byte
/// offset where it was found, and <see cref="Offset"/> carries that offset.
/// </summary>
public sealed class MidiFormatException : Exception
{
    /// <summary>Creates the exception for a problem found at <paramref name="offset"/>.</summary>
    /// <param name="offset">Byte offset from the start of the file where the problem was detected.</param>
    /// <param name="problem">What was wrong, in a short sentence without the offset.</param>
    public MidiFormatException(long offset, string problem)
        : base($"Invalid MIDI file at byte offset {offset}: {problem}")
    {
        Offset = offset;
        Problem = problem;
    }

    /// <summary>Byte offset from the start of the file where the problem was detected.</summary>
    public long Offset { get; }

    /// <summary>The problem, without the offset prefix of <see cref="Exception.Message"/>.</summary>
    public string Problem { get; }
}
