namespace NomadMuse.Classification.Data;

/// <summary>A <c>labels.csv</c> file is malformed; the message names the file, line and column.</summary>
public sealed class LabelsFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public LabelsFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong and where.</param>
    public LabelsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="innerException">The cause.</param>
    public LabelsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
