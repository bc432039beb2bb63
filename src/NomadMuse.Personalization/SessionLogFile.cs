using System.Buffers.Binary;
using System.Security.Cryptography;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Personalization;

/// <summary>
/// The on-disk form of a session log (docs/personalization.md): a plain header, then the whole log encrypted and
/// authenticated with AES-256-GCM in one piece.
/// </summary>
/// <remarks>
/// Layout, little-endian: "NMSL" | u16 version (1) | u16 reserved (0) | salt[16] | nonce[12] | tag[16] | u32 length |
/// ciphertext[length]. The first 24 bytes (magic to salt) are the associated data, so changing the salt or version
/// also fails authentication. Plaintext: u32 sessions | u32 sequences | per sequence u32 session, u8 outcome,
/// u8 instrument, u8 track type, u8 reserved, u32 token count, u16 tokens. Each save draws a fresh random nonce.
/// </remarks>
internal static class SessionLogFile
{
    public const int Version = 1;
    public const int SaltBytes = 16;
    private const int HeaderBytes = 24;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int PrefixBytes = HeaderBytes + NonceBytes + TagBytes + 4;
    private const int RecordHeaderBytes = 12;
    private static ReadOnlySpan<byte> Magic => "NMSL"u8;

    /// <summary>Reads the salt of an existing log, checking magic, version and the length field first.</summary>
    public static byte[] ReadSalt(ReadOnlySpan<byte> file, string path)
    {
        if (file.Length < PrefixBytes)
        {
            throw new SessionLogFormatException($"{path}: {file.Length} bytes is shorter than a session log's {PrefixBytes}-byte header.");
        }

        if (!file[..4].SequenceEqual(Magic))
        {
            throw new SessionLogFormatException($"{path}: not a NomadMuse session log (bytes 0–3 are not \"NMSL\").");
        }

        int version = BinaryPrimitives.ReadUInt16LittleEndian(file[4..]);
        if (version != Version)
        {
            throw new SessionLogFormatException($"{path}: session log version {version} at byte 4; this library reads version {Version}.");
        }

        long length = BinaryPrimitives.ReadUInt32LittleEndian(file[(PrefixBytes - 4)..]);
        if (length != file.Length - PrefixBytes)
        {
            throw new SessionLogFormatException(
                $"{path}: the length field at byte {PrefixBytes - 4} says {length} bytes of ciphertext, the file holds {file.Length - PrefixBytes}.");
        }

        return file.Slice(8, SaltBytes).ToArray();
    }

    /// <summary>Decrypts and parses a log whose header <see cref="ReadSalt"/> accepted.</summary>
    /// <exception cref="SessionLogTamperedException">Authentication failed.</exception>
    public static (int Sessions, List<LoggedSequence> Sequences) Read(ReadOnlySpan<byte> file, byte[] key, string path)
    {
        byte[] plain = new byte[file.Length - PrefixBytes];
        using (var aes = new AesGcm(key, TagBytes))
        {
            try
            {
                aes.Decrypt(file.Slice(HeaderBytes, NonceBytes), file[PrefixBytes..], file.Slice(HeaderBytes + NonceBytes, TagBytes), plain, file[..HeaderBytes]);
            }
            catch (AuthenticationTagMismatchException e)
            {
                throw new SessionLogTamperedException($"{path}: the session log failed authentication: it was modified after it was written, or this is not its key.", e);
            }
        }

        try
        {
            return Parse(plain, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>The encrypted file bytes of a log.</summary>
    public static byte[] Write(int sessions, IReadOnlyList<LoggedSequence> sequences, ReadOnlySpan<byte> salt, byte[] key)
    {
        long plainLength = 8;
        foreach (var s in sequences)
        {
            plainLength += RecordHeaderBytes + (2L * s.Tokens.Length);
        }

        if (plainLength > int.MaxValue - PrefixBytes)
        {
            throw new InvalidOperationException($"The session log would be {plainLength:N0} bytes; the format holds at most 2 GB.");
        }

        byte[] plain = new byte[plainLength];
        try
        {
            Span<byte> p = plain;
            BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)sessions);
            BinaryPrimitives.WriteUInt32LittleEndian(p[4..], (uint)sequences.Count);
            int at = 8;
            foreach (var s in sequences)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(p[at..], (uint)s.Session);
                p[at + 4] = (byte)s.Outcome;
                p[at + 5] = (byte)s.Instrument;
                p[at + 6] = (byte)s.TrackType;
                p[at + 7] = 0;
                BinaryPrimitives.WriteUInt32LittleEndian(p[(at + 8)..], (uint)s.Tokens.Length);
                at += RecordHeaderBytes;
                foreach (ushort token in s.Tokens)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(p[at..], token);
                    at += 2;
                }
            }

            byte[] file = new byte[PrefixBytes + plain.Length];
            Span<byte> f = file;
            Magic.CopyTo(f);
            BinaryPrimitives.WriteUInt16LittleEndian(f[4..], Version);
            salt.CopyTo(f[8..]);
            RandomNumberGenerator.Fill(f.Slice(HeaderBytes, NonceBytes));
            BinaryPrimitives.WriteUInt32LittleEndian(f[(PrefixBytes - 4)..], (uint)plain.Length);
            using var aes = new AesGcm(key, TagBytes);
            aes.Encrypt(f.Slice(HeaderBytes, NonceBytes), plain, f[PrefixBytes..], f.Slice(HeaderBytes + NonceBytes, TagBytes), f[..HeaderBytes]);
            return file;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Parses authenticated plaintext; a structural error here means a writer bug, still reported exactly.</summary>
    private static (int, List<LoggedSequence>) Parse(ReadOnlySpan<byte> p, string path)
    {
        if (p.Length < 8)
        {
            throw new SessionLogFormatException($"{path}: the decrypted log is {p.Length} bytes, shorter than its 8-byte counts.");
        }

        uint sessions = BinaryPrimitives.ReadUInt32LittleEndian(p);
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(p[4..]);
        var sequences = new List<LoggedSequence>((int)Math.Min(count, 1 << 16));
        int at = 8;
        for (uint i = 0; i < count; i++)
        {
            if (p.Length - at < RecordHeaderBytes)
            {
                throw new SessionLogFormatException($"{path}: sequence {i} of {count} is cut short at decrypted byte {at}.");
            }

            uint session = BinaryPrimitives.ReadUInt32LittleEndian(p[at..]);
            byte outcome = p[at + 4], instrument = p[at + 5], trackType = p[at + 6];
            uint tokens = BinaryPrimitives.ReadUInt32LittleEndian(p[(at + 8)..]);
            if (outcome > 1 || instrument > SessionLog.MaxInstrument || trackType > SessionLog.MaxTrackType || session == 0 || session > sessions)
            {
                throw new SessionLogFormatException(
                    $"{path}: sequence {i} at decrypted byte {at} has session {session} of {sessions}, outcome {outcome}, instrument {instrument}, track type {trackType}.");
            }

            at += RecordHeaderBytes;
            if ((p.Length - at) / 2 < tokens)
            {
                throw new SessionLogFormatException($"{path}: sequence {i} claims {tokens} tokens but {(p.Length - at) / 2} remain at decrypted byte {at}.");
            }

            ushort[] ids = new ushort[tokens];
            for (int t = 0; t < ids.Length; t++, at += 2)
            {
                ids[t] = BinaryPrimitives.ReadUInt16LittleEndian(p[at..]);
                if (ids[t] >= MuseVocabulary.Size)
                {
                    throw new SessionLogFormatException($"{path}: sequence {i} token {t} is {ids[t]}, outside 0–{MuseVocabulary.Size - 1}.");
                }
            }

            sequences.Add(new LoggedSequence((int)session, (SequenceOutcome)outcome, instrument, trackType, ids));
        }

        if (at != p.Length)
        {
            throw new SessionLogFormatException($"{path}: {p.Length - at} stray bytes after the last sequence.");
        }

        return ((int)sessions, sequences);
    }
}
