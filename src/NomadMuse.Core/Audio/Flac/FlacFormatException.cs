namespace NomadMuse.Core.Audio.Flac;

/// <summary>A FLAC stream is corrupt, truncated or uses a feature this decoder does not support.</summary>
public sealed class FlacFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What was wrong.</param>
    /// <param name="offset">The byte offset in the stream where it was found.</param>
    public FlacFormatException(string problem, long offset)
        : base($"FLAC: {problem} (at byte {offset})")
    {
        Problem = problem;
        Offset = offset;
    }

    /// <summary>What was wrong, without the offset.</summary>
    public string Problem { get; }

    /// <summary>The byte offset in the stream where the problem was found.</summary>
    public long Offset { get; }
}
