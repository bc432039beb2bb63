using System.Text;
using NomadMuse.Personalization;

namespace NomadMuse.Personalization.Tests;

public sealed class SessionLogTests : IDisposable
{
    private static readonly byte[] RawKey = [.. Enumerable.Range(1, SessionLogKey.KeyBytes).Select(i => (byte)(i * 7))];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-sessionlog-" + Guid.NewGuid().ToString("N"));

    private string LogPath => Path.Combine(_dir, "user", "session.nmlog");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    /// <summary>Two sessions: an accepted and a rejected sequence in the first, an accepted drum sequence in the second.</summary>
    private void WriteTwoSessions(SessionLogKey key)
    {
        using var log = SessionLog.Open(LogPath, key);
        log.BeginSession();
        log.Append([1, 166, 66, 137, 201], SequenceOutcome.Accepted, instrument: 10, trackType: 1);
        log.Append([1, 70, 137], SequenceOutcome.Rejected, instrument: 10, trackType: 1);
        log.BeginSession();
        log.Append([1, 256, 42, 134], SequenceOutcome.Accepted, instrument: 0, trackType: 2);
    }

    [Fact]
    public void Reopen_RawKey_RestoresSessionsSequencesAndWeights()
    {
        using var key = SessionLogKey.FromBytes(RawKey);
        WriteTwoSessions(key);

        using var log = SessionLog.Open(LogPath, key);
        Assert.Equal(2, log.SessionCount);
        var seqs = log.Sequences;
        Assert.Equal(3, seqs.Count);
        Assert.Equal([1, 166, 66, 137, 201], seqs[0].Tokens.Select(t => (int)t));
        Assert.Equal((1, SequenceOutcome.Accepted, 10, 1, 1.0f), (seqs[0].Session, seqs[0].Outcome, seqs[0].Instrument, seqs[0].TrackType, seqs[0].Weight));
        Assert.Equal((1, SequenceOutcome.Rejected, 0.1f), (seqs[1].Session, seqs[1].Outcome, seqs[1].Weight));
        Assert.Equal((2, 0, 2), (seqs[2].Session, seqs[2].Instrument, seqs[2].TrackType));
        Assert.Equal([1, 256, 42, 134], seqs[2].Tokens.Select(t => (int)t));
        Assert.Equal(AdapterWeighting.Gamma(2), log.Gamma);
    }

    [Fact]
    public void File_HoldsNoPlaintextTokens()
    {
        using var key = SessionLogKey.FromBytes(RawKey);
        using (var log = SessionLog.Open(LogPath, key))
        {
            log.BeginSession();
            // 200 × the same token: unencrypted it would be 400 identical bytes in a row.
            log.Append([.. Enumerable.Repeat(66, 200)], SequenceOutcome.Accepted);
        }

        byte[] file = File.ReadAllBytes(LogPath);
        Assert.Equal("NMSL"u8.ToArray(), file[..4]);
        int longestRun = 0, run = 0;
        for (int i = 1; i < file.Length; i++)
        {
            run = file[i] == file[i - 1] ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }

        Assert.True(longestRun < 8, $"a run of {longestRun + 1} equal bytes suggests unencrypted content");
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(LogPath)!, "*.tmp")); // the temporary file was moved
    }

    [Theory]
    [InlineData(10)] // salt (authenticated header)
    [InlineData(30)] // nonce
    [InlineData(45)] // tag
    [InlineData(60)] // ciphertext
    public void Open_AnyByteFlipped_ThrowsTampered(int offset)
    {
        using var key = SessionLogKey.FromBytes(RawKey);
        WriteTwoSessions(key);
        byte[] file = File.ReadAllBytes(LogPath);
        file[offset] ^= 0x01;
        File.WriteAllBytes(LogPath, file);

        var e = Assert.Throws<SessionLogTamperedException>(() => SessionLog.Open(LogPath, key));
        Assert.Contains(LogPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_WrongKey_ThrowsTampered()
    {
        using (var key = SessionLogKey.FromBytes(RawKey))
        {
            WriteTwoSessions(key);
        }

        byte[] other = (byte[])RawKey.Clone();
        other[0] ^= 0x80;
        using var wrong = SessionLogKey.FromBytes(other);
        Assert.Throws<SessionLogTamperedException>(() => SessionLog.Open(LogPath, wrong));
    }

    [Fact]
    public void Open_Passphrase_SameOpensOtherFails()
    {
        using (var key = SessionLogKey.FromPassphrase("correct horse battery staple", SessionLogKey.MinIterations))
        {
            WriteTwoSessions(key);
        }

        using (var same = SessionLogKey.FromPassphrase("correct horse battery staple", SessionLogKey.MinIterations))
        using (var log = SessionLog.Open(LogPath, same))
        {
            Assert.Equal(3, log.Sequences.Count);
        }

        using var other = SessionLogKey.FromPassphrase("correct horse battery stapler", SessionLogKey.MinIterations);
        Assert.Throws<SessionLogTamperedException>(() => SessionLog.Open(LogPath, other));
        using var moreIterations = SessionLogKey.FromPassphrase("correct horse battery staple", SessionLogKey.MinIterations + 1);
        Assert.Throws<SessionLogTamperedException>(() => SessionLog.Open(LogPath, moreIterations));
    }

    [Fact]
    public void Open_NotALogOrCutShort_ThrowsFormatSayingWhere()
    {
        using var key = SessionLogKey.FromBytes(RawKey);
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        File.WriteAllBytes(LogPath, Encoding.ASCII.GetBytes("MThd" + new string('.', 100)));
        Assert.Contains("bytes 0–3", Assert.Throws<SessionLogFormatException>(() => SessionLog.Open(LogPath, key)).Message, StringComparison.Ordinal);

        File.WriteAllBytes(LogPath, "NMSL"u8.ToArray());
        Assert.Contains("shorter than", Assert.Throws<SessionLogFormatException>(() => SessionLog.Open(LogPath, key)).Message, StringComparison.Ordinal);

        File.Delete(LogPath);
        WriteTwoSessions(key);
        byte[] file = File.ReadAllBytes(LogPath);
        File.WriteAllBytes(LogPath, file[..^3]);
        Assert.Contains("length field", Assert.Throws<SessionLogFormatException>(() => SessionLog.Open(LogPath, key)).Message, StringComparison.Ordinal);

        file[4] = 9; // version 9
        File.WriteAllBytes(LogPath, file);
        Assert.Contains("version 9", Assert.Throws<SessionLogFormatException>(() => SessionLog.Open(LogPath, key)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingFile_IsEmptyAndWritesNothingUntilAChange()
    {
        using var key = SessionLogKey.FromBytes(RawKey);
        using var log = SessionLog.Open(LogPath, key);
        Assert.Equal(0, log.SessionCount);
        Assert.Empty(log.Sequences);
        Assert.False(File.Exists(LogPath));
        Assert.Equal(1, log.BeginSession());
        Assert.True(File.Exists(LogPath));
    }

    [Fact]
    public void Append_BadInput_ThrowsNamingItAndLeavesTheLogUnchanged()
    {
        using var key = SessionLogKey.FromBytes(RawKey);
        using var log = SessionLog.Open(LogPath, key);
        Assert.Throws<InvalidOperationException>(() => log.Append([1, 2], SequenceOutcome.Accepted)); // no session yet
        log.BeginSession();
        byte[] before = File.ReadAllBytes(LogPath);

        var token = Assert.Throws<ArgumentOutOfRangeException>(() => log.Append([1, 258], SequenceOutcome.Accepted));
        Assert.Equal("tokens", token.ParamName);
        Assert.Contains("Token 1 is 258", token.Message, StringComparison.Ordinal);
        Assert.Equal("tokens", Assert.Throws<ArgumentOutOfRangeException>(() => log.Append([], SequenceOutcome.Accepted)).ParamName);
        Assert.Equal("outcome", Assert.Throws<ArgumentOutOfRangeException>(() => log.Append([1], (SequenceOutcome)2)).ParamName);
        Assert.Equal("instrument", Assert.Throws<ArgumentOutOfRangeException>(() => log.Append([1], SequenceOutcome.Accepted, instrument: 21)).ParamName);
        Assert.Equal("trackType", Assert.Throws<ArgumentOutOfRangeException>(() => log.Append([1], SequenceOutcome.Accepted, trackType: 3)).ParamName);

        Assert.Empty(log.Sequences);
        Assert.Equal(before, File.ReadAllBytes(LogPath));
    }

    [Fact]
    public void Append_WriteFails_KeepsTheOldFileAndTheEntryIsNotLogged()
    {
        using var key = SessionLogKey.FromBytes(RawKey);
        using var log = SessionLog.Open(LogPath, key);
        log.BeginSession();
        log.Append([1, 66], SequenceOutcome.Accepted);
        byte[] before = File.ReadAllBytes(LogPath);

        // A directory where the log file should be replaced makes the move fail after the temp file was written.
        File.Delete(LogPath);
        Directory.CreateDirectory(LogPath);
        Assert.ThrowsAny<IOException>(() => log.Append([1, 67], SequenceOutcome.Rejected));
        Assert.Single(log.Sequences);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(LogPath)!, "*.tmp"));
        Directory.Delete(LogPath);
        File.WriteAllBytes(LogPath, before);

        using var reopened = SessionLog.Open(LogPath, key);
        Assert.Single(reopened.Sequences);
    }

    [Fact]
    public void Keys_BadInputAndDisposal()
    {
        Assert.Equal("key", Assert.Throws<ArgumentException>(() => SessionLogKey.FromBytes(new byte[16])).ParamName);
        Assert.Throws<ArgumentException>(() => SessionLogKey.FromPassphrase(""));
        Assert.Equal("iterations", Assert.Throws<ArgumentOutOfRangeException>(() => SessionLogKey.FromPassphrase("x", 1000)).ParamName);

        var key = SessionLogKey.FromBytes(RawKey);
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => SessionLog.Open(LogPath, key));

        using var live = SessionLogKey.FromBytes(RawKey);
        var log = SessionLog.Open(LogPath, live);
        log.Dispose();
        Assert.Throws<ObjectDisposedException>(() => log.BeginSession());
    }

    [Fact]
    public void Save_EachWriteUsesAFreshNonce()
    {
        using var key = SessionLogKey.FromBytes(RawKey);
        using var log = SessionLog.Open(LogPath, key);
        log.BeginSession();
        byte[] first = File.ReadAllBytes(LogPath);
        log.BeginSession();
        byte[] second = File.ReadAllBytes(LogPath);
        Assert.Equal(first[8..24], second[8..24]); // same salt: the log keeps its key
        Assert.NotEqual(first[24..36], second[24..36]); // new nonce: GCM must never reuse one under a key
        Assert.Equal(first[..8], second[..8]); // same magic and version
    }
}
