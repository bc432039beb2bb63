using System.Security.Cryptography;
using System.Text;

namespace NomadMuse.Personalization;

/// <summary>
/// The secret a <see cref="SessionLog"/> is encrypted with: either a 256-bit key the host keeps (for example in the
/// operating system's key store), or a passphrase from which a key is derived with PBKDF2-HMAC-SHA256 and the log's
/// own random salt.
/// </summary>
/// <remarks>
/// A passphrase key must be used with the same <see cref="Iterations"/> every time: the count is not stored in the
/// log, and a different count derives a different key (which reads as <see cref="SessionLogTamperedException"/>).
/// Dispose to overwrite the secret in memory. Immutable until disposed; any thread.
/// </remarks>
public sealed class SessionLogKey : IDisposable
{
    /// <summary>Length of a raw key in bytes (AES-256).</summary>
    public const int KeyBytes = 32;

    /// <summary>The default PBKDF2 iteration count (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The smallest PBKDF2 iteration count accepted; fewer would make a passphrase cheap to guess.</summary>
    public const int MinIterations = 10_000;

    private readonly byte[] _secret;
    private readonly bool _isPassphrase;
    private bool _disposed;

    private SessionLogKey(byte[] secret, bool isPassphrase, int iterations)
    {
        _secret = secret;
        _isPassphrase = isPassphrase;
        Iterations = iterations;
    }

    /// <summary>PBKDF2 iterations for a passphrase key; 0 for a raw key.</summary>
    public int Iterations { get; }

    /// <summary>A raw 256-bit key; the bytes are copied.</summary>
    /// <param name="key">Exactly <see cref="KeyBytes"/> bytes, ideally from <see cref="RandomNumberGenerator"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not 32 bytes long.</exception>
    public static SessionLogKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyBytes)
        {
            throw new ArgumentException($"A session log key is {KeyBytes} bytes (AES-256); got {key.Length}.", nameof(key));
        }

        return new SessionLogKey(key.ToArray(), isPassphrase: false, 0);
    }

    /// <summary>A key derived from a passphrase (PBKDF2-HMAC-SHA256 over its UTF-8 bytes, salted per log).</summary>
    /// <param name="passphrase">The passphrase, not empty.</param>
    /// <param name="iterations">PBKDF2 iterations, at least <see cref="MinIterations"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="passphrase"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below <see cref="MinIterations"/>.</exception>
    public static SessionLogKey FromPassphrase(string passphrase, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(passphrase);
        if (iterations < MinIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"PBKDF2 needs at least {MinIterations:N0} iterations.");
        }

        return new SessionLogKey(Encoding.UTF8.GetBytes(passphrase), isPassphrase: true, iterations);
    }

    /// <summary>The AES key for a log with this salt (a new array the caller zeroes when done).</summary>
    internal byte[] KeyFor(ReadOnlySpan<byte> salt)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _isPassphrase
            ? Rfc2898DeriveBytes.Pbkdf2(_secret, salt, Iterations, HashAlgorithmName.SHA256, KeyBytes)
            : (byte[])_secret.Clone();
    }

    /// <summary>Overwrites the secret; the key cannot be used afterwards.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_secret);
        _disposed = true;
    }
}
