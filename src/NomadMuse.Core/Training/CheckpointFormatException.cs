namespace NomadMuse.Core.Training;

/// <summary>A training checkpoint file is malformed or does not match the model or optimizer it is loaded into.</summary>
public sealed class CheckpointFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="path">The file.</param>
    /// <param name="offset">The byte offset where the problem was found.</param>
    public CheckpointFormatException(string message, string path, long offset)
        : base($"{message} (checkpoint '{path}', byte offset {offset})")
    {
        Path = path;
        Offset = offset;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The byte offset where the problem was found.</summary>
    public long Offset { get; }
}
