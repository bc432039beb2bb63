namespace NomadMuse.Core.Audio;

/// <summary>Streams the samples of a WAV file as interleaved floats, block by block, into caller buffers.</summary>
/// <remarks>
/// <para>Reads RIFF and RF64/BW64 WAVE files: integer PCM of 8, 16, 24 or 32 bits, IEEE float of 32 or 64 bits, any
/// channel count, plain or WAVE_FORMAT_EXTENSIBLE headers. Chunks other than <c>fmt </c>, <c>data</c> and
/// <c>ds64</c> (LIST, fact, bext, JUNK…) are skipped, honouring the pad byte after odd-sized chunks.</para>
/// <para>Truncated files: when the data chunk declares more bytes than the stream holds, the reader reads the whole
/// frames that are there, <see cref="WavFormat.FrameCount"/> counts only those, and <see cref="IsTruncated"/> is
/// <see langword="true"/>. A trailing partial frame is ignored. Any other header problem throws
/// <see cref="WavFormatException"/> naming the problem and its byte offset.</para>
/// <para>Not thread-safe: use one reader from one thread at a time. The constructor allocates one block buffer;
/// <see cref="ReadFrames"/> and <see cref="Seek"/> allocate nothing afterwards.</para>
/// </remarks>
public sealed class WavReader : IDisposable
{
    private const int BlockBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _origin;
    private readonly long _dataOffset;
    private readonly byte[] _buffer;
    private readonly int _blockAlign;
    private readonly WavEncoding _encoding;
    private long _position;
    private bool _truncated;
    private bool _disposed;

    /// <summary>Opens the WAV file at <paramref name="path"/>.</summary>
    /// <exception cref="WavFormatException">The file is not a readable WAV file.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public WavReader(string path)
        : this(OpenFile(path), leaveOpen: false)
    {
    }

    /// <summary>Reads a WAV file from <paramref name="stream"/>, starting at its current position.</summary>
    /// <param name="stream">A readable stream. If it cannot seek, <see cref="Seek"/> is unavailable and the frame
    /// count comes from the header alone (−1 if the header leaves it open).</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    /// <exception cref="WavFormatException">The stream does not hold a readable WAV file.</exception>
    public WavReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream must be readable.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        try
        {
            _origin = stream.CanSeek ? stream.Position : 0;
            WavHeader header = WavHeaderParser.Parse(stream);
            Format = header.Format;
            _truncated = header.IsTruncated;
            _dataOffset = header.DataOffset;
            if (stream.CanSeek)
            {
                stream.Position = _origin + _dataOffset;
            }
        }
        catch
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            throw;
        }

        _encoding = Format.Encoding;
        _blockAlign = Format.BlockAlign;
        _buffer = new byte[Math.Max(_blockAlign, BlockBytes / _blockAlign * _blockAlign)];
    }

    /// <summary>The sample format and length.</summary>
    public WavFormat Format { get; }

    /// <summary>The channel count (shortcut for <c>Format.Channels</c>).</summary>
    public int Channels => Format.Channels;

    /// <summary>The index of the next frame <see cref="ReadFrames"/> returns.</summary>
    public long Position => _position;

    /// <summary>
    /// Whether the data chunk declared more bytes than the stream holds. Known after construction for seekable
    /// streams; for non-seekable streams it becomes <see langword="true"/> when reading hits the early end.
    /// </summary>
    public bool IsTruncated => _truncated;

    /// <summary>Whether <see cref="WavFormat.FrameCount"/> was checked against the stream length (seekable streams).</summary>
    internal bool IsLengthVerified => _stream.CanSeek;

    /// <summary>
    /// Reads up to <c>interleaved.Length / Channels</c> frames as interleaved floats; returns the frames read,
    /// 0 at the end of the data.
    /// </summary>
    /// <remarks>Integer samples arrive in [−1, 1); float samples unchanged. Allocates nothing. Caller's thread.</remarks>
    /// <exception cref="ArgumentException"><paramref name="interleaved"/> is not empty but shorter than one frame.</exception>
    /// <exception cref="ObjectDisposedException">The reader was disposed.</exception>
    public int ReadFrames(Span<float> interleaved)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int channels = Format.Channels;
        if (interleaved.Length < channels)
        {
            return interleaved.IsEmpty ? 0 : throw new ArgumentException($"The buffer holds {interleaved.Length} samples, less than one {channels}-channel frame.", nameof(interleaved));
        }

        long wanted = interleaved.Length / channels;
        if (Format.FrameCount >= 0)
        {
            wanted = Math.Min(wanted, Format.FrameCount - _position);
        }

        int total = 0;
        int bufferFrames = _buffer.Length / _blockAlign;
        while (total < wanted)
        {
            int frames = (int)Math.Min(wanted - total, bufferFrames);
            int bytes = frames * _blockAlign;
            int got = _stream.ReadAtLeast(_buffer.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
            int whole = got / _blockAlign;
            SampleCodec.Decode(_encoding, _buffer.AsSpan(0, whole * _blockAlign), interleaved.Slice(total * channels, whole * channels));
            total += whole;
            _position += whole;
            if (got < bytes)
            {
                _truncated |= Format.FrameCount >= 0;
                break;
            }
        }

        return total;
    }

    /// <summary>Moves to frame <paramref name="frame"/> (0 ≤ frame ≤ <see cref="WavFormat.FrameCount"/>).</summary>
    /// <remarks>Allocates nothing. Caller's thread.</remarks>
    /// <exception cref="NotSupportedException">The stream cannot seek.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frame"/> is outside the data.</exception>
    public void Seek(long frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_stream.CanSeek)
        {
            throw new NotSupportedException("The underlying stream cannot seek.");
        }

        if (frame < 0 || frame > Format.FrameCount)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"Frames run from 0 to {Format.FrameCount}.");
        }

        _stream.Position = _origin + _dataOffset + (frame * _blockAlign);
        _position = frame;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
    }
}
