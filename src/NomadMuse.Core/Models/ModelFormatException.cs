namespace NomadMuse.Core.Models;

/// <summary>
/// A NomadMuse model file is malformed, truncated, corrupted, of an unsupported version, or does not hold what the
/// caller expected (a tensor missing or of the wrong shape).
/// </summary>
/// <remarks>
/// The message always says what was wrong and where: the byte offset from the start of the file and, when the
/// problem is inside a tensor record or concerns a tensor, the tensor's name. The same facts are available as
/// <see cref="Offset"/> and <see cref="TensorName"/>.
/// </remarks>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What was wrong, without the location (it is appended).</param>
    /// <param name="offset">The byte offset from the start of the file, or -1 when not tied to a position.</param>
    /// <param name="tensorName">The tensor concerned, if any.</param>
    /// <param name="innerException">The lower-level failure, if any.</param>
    public ModelFormatException(string problem, long offset = -1, string? tensorName = null, Exception? innerException = null)
        : base(Describe(problem, offset, tensorName), innerException)
    {
        Offset = offset;
        TensorName = tensorName;
    }

    /// <summary>The byte offset from the start of the file where the problem was found, or -1.</summary>
    public long Offset { get; }

    /// <summary>The name of the tensor concerned, or <see langword="null"/>.</summary>
    public string? TensorName { get; }

    private static string Describe(string problem, long offset, string? tensorName)
    {
        ArgumentNullException.ThrowIfNull(problem);
        string where = (offset >= 0, tensorName is not null) switch
        {
            (true, true) => $" (tensor '{tensorName}', byte offset {offset})",
            (true, false) => $" (byte offset {offset})",
            (false, true) => $" (tensor '{tensorName}')",
            _ => string.Empty,
        };
        return "Model file: " + problem + where + ".";
    }
}
