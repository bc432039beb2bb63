using System.Security.Cryptography;

namespace NomadMuse.Personalization;

/// <summary>
/// A session log failed AES-GCM authentication: its bytes were changed after it was written, or the key is not the
/// one it was written with (the two cannot be told apart, by design). Nothing of its contents is trusted or returned.
/// </summary>
public sealed class SessionLogTamperedException : CryptographicException
{
    /// <summary>Creates the exception.</summary>
    public SessionLogTamperedException()
    {
    }

    /// <summary>Creates the exception with a message naming the file.</summary>
    public SessionLogTamperedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SessionLogTamperedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
