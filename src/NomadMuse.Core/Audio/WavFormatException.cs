namespace NomadMuse.Core.Audio;

/// <summary>A WAV file (or stream) is corrupt or uses a format this reader does not support.</summary>
/// <remarks>The message names the problem and the byte offset, counted from where the reader started.</remarks>
public sealed class WavFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="problem"/> found at <paramref name="offset"/>.</summary>
    /// <param name="problem">What is wrong, e.g. "the fmt chunk declares zero channels".</param>
    /// <param name="offset">The byte offset of the offending field or chunk, from the start of the WAV data.</param>
    public WavFormatException(string problem, long offset)
        : base($"Invalid WAV: {problem} (at byte offset {offset}).")
    {
        Problem = problem;
        Offset = offset;
    }

    /// <summary>The problem, without the offset.</summary>
    public string Problem { get; }

    /// <summary>The byte offset of the offending field or chunk, from the start of the WAV data.</summary>
    public long Offset { get; }
}
