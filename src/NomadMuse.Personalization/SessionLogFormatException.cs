namespace NomadMuse.Personalization;

/// <summary>A file is not a session log this version can read: wrong magic, unknown version, or cut short.</summary>
/// <remarks>Distinct from <see cref="SessionLogTamperedException"/>, which means the structure is fine but the
/// contents fail authentication.</remarks>
public sealed class SessionLogFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SessionLogFormatException()
    {
    }

    /// <summary>Creates the exception with a message saying what is wrong and where.</summary>
    public SessionLogFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SessionLogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
