using System.Security.Cryptography;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Personalization;

/// <summary>
/// A musician's local, encrypted history for training the personal adapter (seed §3.2.6): the number of sessions,
/// and every generated continuation they accepted (weight 1.0) or rejected (weight 0.1), as tokens.
/// </summary>
/// <remarks>
/// <para>The whole log is one AES-256-GCM message on disk (format in docs/personalization.md), rewritten on every
/// change to a temporary file that then replaces the log, so a crash leaves either the old or the new log, never
/// half of one. Nothing leaves the device; the key is the host's (<see cref="SessionLogKey"/>).</para>
/// <para>Thread-safe (one lock). Not for real-time threads: every change encrypts and writes the file.</para>
/// </remarks>
public sealed class SessionLog : IDisposable
{
    /// <summary>The highest instrument class (<c>NomadMuse.State.InstrumentClass</c>; 0 = unknown).</summary>
    public const int MaxInstrument = 20;

    /// <summary>The highest track type (0 unknown, 1 tonal, 2 percussive).</summary>
    public const int MaxTrackType = 2;

    /// <summary>The longest sequence accepted, in tokens.</summary>
    public const int MaxTokens = 1_000_000;

    private readonly object _gate = new(); // not System.Threading.Lock: the package also targets net8.0
    private readonly List<LoggedSequence> _sequences;
    private readonly byte[] _salt;
    private readonly byte[] _key;
    private bool _disposed;

    private SessionLog(string path, byte[] salt, byte[] key, int sessions, List<LoggedSequence> sequences)
    {
        Path = path;
        _salt = salt;
        _key = key;
        SessionCount = sessions;
        _sequences = sequences;
    }

    /// <summary>The log file's full path.</summary>
    public string Path { get; }

    /// <summary>Sessions begun so far (n_sessions).</summary>
    public int SessionCount { get; private set; }

    /// <summary>The adapter's share of the fusion teacher for this log, <see cref="AdapterWeighting.Gamma"/>(<see cref="SessionCount"/>).</summary>
    public double Gamma => AdapterWeighting.Gamma(SessionCount);

    /// <summary>A snapshot of the logged sequences, oldest first.</summary>
    public IReadOnlyList<LoggedSequence> Sequences
    {
        get
        {
            lock (_gate)
            {
                return [.. _sequences];
            }
        }
    }

    /// <summary>Opens a log, or starts an empty one when the file does not exist (written at the first change).</summary>
    /// <param name="path">The log file.</param>
    /// <param name="key">The key it is (to be) encrypted with; not disposed by the log.</param>
    /// <returns>The log.</returns>
    /// <exception cref="SessionLogFormatException">The file is not a session log of this version, or is cut short.</exception>
    /// <exception cref="SessionLogTamperedException">The file was modified, or <paramref name="key"/> is not its key.</exception>
    /// <exception cref="PlatformNotSupportedException">AES-GCM is not available on this platform.</exception>
    public static SessionLog Open(string path, SessionLogKey key)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(key);
        if (!AesGcm.IsSupported)
        {
            throw new PlatformNotSupportedException("AES-GCM is not available on this platform; the session log cannot be encrypted.");
        }

        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            byte[] salt = RandomNumberGenerator.GetBytes(SessionLogFile.SaltBytes);
            return new SessionLog(full, salt, key.KeyFor(salt), 0, []);
        }

        byte[] file = File.ReadAllBytes(full);
        byte[] existingSalt = SessionLogFile.ReadSalt(file, full);
        byte[] derived = key.KeyFor(existingSalt);
        try
        {
            var (sessions, sequences) = SessionLogFile.Read(file, derived, full);
            return new SessionLog(full, existingSalt, derived, sessions, sequences);
        }
        catch
        {
            CryptographicOperations.ZeroMemory(derived);
            throw;
        }
    }

    /// <summary>Starts a new session (n_sessions + 1) and saves.</summary>
    /// <returns>The new session's number, 1-based.</returns>
    /// <exception cref="IOException">The log could not be written; the count is unchanged then.</exception>
    public int BeginSession()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Save(SessionCount + 1, _sequences);
            return ++SessionCount;
        }
    }

    /// <summary>Logs a continuation the musician accepted or rejected in the current session, and saves.</summary>
    /// <param name="tokens">Its token ids, 0–257, 1 to <see cref="MaxTokens"/> of them.</param>
    /// <param name="outcome">Accepted or rejected.</param>
    /// <param name="instrument">Instrument class 0–20 of its track (0 = unknown).</param>
    /// <param name="trackType">0 unknown, 1 tonal, 2 percussive.</param>
    /// <returns>The logged entry.</returns>
    /// <exception cref="InvalidOperationException">No session has begun (<see cref="BeginSession"/>).</exception>
    /// <exception cref="ArgumentException">A token, the outcome, the instrument or the track type is out of range.</exception>
    /// <exception cref="IOException">The log could not be written; it is unchanged then.</exception>
    public LoggedSequence Append(ReadOnlySpan<int> tokens, SequenceOutcome outcome, int instrument = 0, int trackType = 0)
    {
        if (tokens.Length is 0 or > MaxTokens)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens), tokens.Length, $"A logged sequence has 1–{MaxTokens:N0} tokens.");
        }

        ushort[] ids = new ushort[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            if ((uint)tokens[i] >= MuseVocabulary.Size)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), tokens[i], $"Token {i} is {tokens[i]}; token ids are 0–{MuseVocabulary.Size - 1}.");
            }

            ids[i] = (ushort)tokens[i];
        }

        if (!Enum.IsDefined(outcome))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "The outcome is Accepted or Rejected.");
        }

        if ((uint)instrument > MaxInstrument)
        {
            throw new ArgumentOutOfRangeException(nameof(instrument), instrument, $"Instrument classes are 0–{MaxInstrument}.");
        }

        if ((uint)trackType > MaxTrackType)
        {
            throw new ArgumentOutOfRangeException(nameof(trackType), trackType, $"Track types are 0–{MaxTrackType}.");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (SessionCount == 0)
            {
                throw new InvalidOperationException("Begin a session (SessionLog.BeginSession) before logging sequences.");
            }

            var entry = new LoggedSequence(SessionCount, outcome, instrument, trackType, ids);
            _sequences.Add(entry);
            try
            {
                Save(SessionCount, _sequences);
            }
            catch
            {
                _sequences.RemoveAt(_sequences.Count - 1);
                throw;
            }

            return entry;
        }
    }

    /// <summary>Overwrites the derived key in memory; the log cannot be changed afterwards.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            CryptographicOperations.ZeroMemory(_key);
            _disposed = true;
        }
    }

    /// <summary>Encrypts to a temporary file beside the log, flushes it to disk, then moves it over the log.</summary>
    private void Save(int sessions, List<LoggedSequence> sequences)
    {
        byte[] bytes = SessionLogFile.Write(sessions, sequences, _salt, _key);
        string directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        string temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, Path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }
}
