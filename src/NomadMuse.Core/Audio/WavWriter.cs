using System.Buffers.Binary;

namespace NomadMuse.Core.Audio;

/// <summary>Writes interleaved float samples to a RIFF/WAVE file, block by block.</summary>
/// <remarks>
/// <para>Header: a plain PCM (tag 1) or IEEE float (tag 3) <c>fmt </c> chunk for mono and stereo; a
/// WAVE_FORMAT_EXTENSIBLE one (40 bytes, sub-format GUID, channel mask) for more than two channels or when a channel
/// mask is given. Float files also get a <c>fact</c> chunk. Sizes are written as 0 and patched by
/// <see cref="Complete"/>; an odd-sized data chunk gets its pad byte.</para>
/// <para>Conversion: integer encodings clip to [−1, 1] and round x·2^(bits−1) to the nearest integer, ties to even,
/// with no dither; the positive end saturates at 2^(bits−1)−1 and NaN becomes 0. Float encodings store samples
/// unchanged (no clipping).</para>
/// <para>Atomic files: the path constructor writes to a temporary file in the target folder and moves it into place
/// only in <see cref="Complete"/>. <see cref="Dispose"/> without <see cref="Complete"/> deletes the temporary file, so a
/// failure (or an exception that unwinds a <c>using</c> block) never leaves a half-written file at the path.
/// Always call <see cref="Complete"/> to keep the file.</para>
/// <para>Data is limited to the 4 GiB RIFF size; RF64 is read but not written. Not thread-safe. The constructor
/// allocates one block buffer; <see cref="WriteFrames"/> allocates nothing itself.</para>
/// </remarks>
/// <example>
/// <code>
/// using var writer = new WavWriter("out.wav", 48000, 2, WavEncoding.Pcm24);
/// writer.WriteFrames(block);
/// writer.Complete();
/// </code>
/// </example>
public sealed class WavWriter : IDisposable
{
    private const int BlockBytes = 64 * 1024;
    private const long MaxRiffBytes = uint.MaxValue;

    // KSDATAFORMAT_SUBTYPE_* after its 2-byte format tag.
    private static ReadOnlySpan<byte> SubFormatSuffix => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly string? _targetPath;
    private readonly string? _tempPath;
    private readonly long _origin;
    private readonly byte[] _buffer;
    private readonly int _blockAlign;
    private readonly int _channels;
    private readonly WavEncoding _encoding;
    private readonly long _factOffset;
    private readonly long _dataSizeOffset;
    private long _dataBytes;
    private bool _completed;
    private bool _disposed;

    /// <summary>Starts writing a WAV file that appears at <paramref name="path"/> when <see cref="Complete"/> succeeds.</summary>
    /// <param name="path">The target file; replaced if it exists.</param>
    /// <param name="sampleRate">Frames per second, 1 or more.</param>
    /// <param name="channels">Samples per frame, 1–65535 (limited by the 16-bit block align).</param>
    /// <param name="encoding">How samples are stored.</param>
    /// <param name="channelMask">A WAVE_FORMAT_EXTENSIBLE speaker mask, or 0 for none (then mono and stereo use a plain header).</param>
    /// <exception cref="ArgumentOutOfRangeException">A format argument is out of range.</exception>
    /// <exception cref="IOException">The temporary file cannot be created.</exception>
    public WavWriter(string path, int sampleRate, int channels, WavEncoding encoding, uint channelMask = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Validate(sampleRate, channels, encoding);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new ArgumentException("The path has no folder.", nameof(path));
        _targetPath = full;
        _tempPath = Path.Combine(folder, $".{Path.GetFileName(full)}.{Path.GetRandomFileName()}.tmp");
        _stream = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        (_channels, _encoding, _blockAlign) = (channels, encoding, channels * WavEncodingInfo.BytesPerSample(encoding));
        _buffer = new byte[Math.Max(_blockAlign, BlockBytes / _blockAlign * _blockAlign)];
        try
        {
            (_factOffset, _dataSizeOffset) = WriteHeader(sampleRate, channelMask);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Writes a WAV file into <paramref name="stream"/> at its current position.</summary>
    /// <param name="stream">A writable, seekable stream (the header sizes are patched at the end).</param>
    /// <param name="sampleRate">Frames per second, 1 or more.</param>
    /// <param name="channels">Samples per frame, 1–65535 (limited by the 16-bit block align).</param>
    /// <param name="encoding">How samples are stored.</param>
    /// <param name="channelMask">A WAVE_FORMAT_EXTENSIBLE speaker mask, or 0 for none.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    /// <exception cref="ArgumentException">The stream cannot write or seek.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A format argument is out of range.</exception>
    public WavWriter(Stream stream, int sampleRate, int channels, WavEncoding encoding, uint channelMask = 0, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite || !stream.CanSeek)
        {
            throw new ArgumentException("The stream must be writable and seekable.", nameof(stream));
        }

        Validate(sampleRate, channels, encoding);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _origin = stream.Position;
        (_channels, _encoding, _blockAlign) = (channels, encoding, channels * WavEncodingInfo.BytesPerSample(encoding));
        _buffer = new byte[Math.Max(_blockAlign, BlockBytes / _blockAlign * _blockAlign)];
        (_factOffset, _dataSizeOffset) = WriteHeader(sampleRate, channelMask);
    }

    /// <summary>The frames written so far.</summary>
    public long FramesWritten => _dataBytes / _blockAlign;

    /// <summary>Appends <c>interleaved.Length / channels</c> frames.</summary>
    /// <remarks>Caller's thread; not real-time (file I/O). Allocates nothing itself.</remarks>
    /// <exception cref="ArgumentException">The length is not a whole number of frames.</exception>
    /// <exception cref="InvalidOperationException">The writer was completed, or the data would exceed 4 GiB.</exception>
    public void WriteFrames(ReadOnlySpan<float> interleaved)
    {
        ThrowIfClosed();
        if (interleaved.Length % _channels != 0)
        {
            throw new ArgumentException($"{interleaved.Length} samples are not a whole number of {_channels}-channel frames.", nameof(interleaved));
        }

        long frames = interleaved.Length / _channels;
        if (_dataSizeOffset + 4 + _dataBytes + (frames * _blockAlign) + 1 > MaxRiffBytes)
        {
            throw new InvalidOperationException("The WAV data would exceed the 4 GiB RIFF limit (RF64 writing is not supported).");
        }

        int bufferFrames = _buffer.Length / _blockAlign;
        int samplesPerBlock = bufferFrames * _channels;
        while (!interleaved.IsEmpty)
        {
            int samples = Math.Min(samplesPerBlock, interleaved.Length);
            int bytes = samples / _channels * _blockAlign;
            SampleCodec.Encode(_encoding, interleaved[..samples], _buffer.AsSpan(0, bytes));
            _stream.Write(_buffer, 0, bytes);
            _dataBytes += bytes;
            interleaved = interleaved[samples..];
        }
    }

    /// <summary>
    /// Writes the pad byte, patches the header sizes, flushes, and (for the path constructor) moves the temporary file
    /// onto the target path.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already completed or disposed.</exception>
    /// <exception cref="IOException">Writing or moving failed; the temporary file is removed.</exception>
    public void Complete()
    {
        ThrowIfClosed();
        try
        {
            if ((_dataBytes & 1) != 0)
            {
                _stream.WriteByte(0);
            }

            long end = _stream.Position;
            Span<byte> word = stackalloc byte[4];
            Patch(4, (uint)(end - _origin - 8), word);
            if (_factOffset >= 0)
            {
                Patch(_factOffset, (uint)FramesWritten, word);
            }

            Patch(_dataSizeOffset, (uint)_dataBytes, word);
            _stream.Position = end;
            _stream.Flush();
            if (_tempPath is not null)
            {
                _stream.Dispose();
                File.Move(_tempPath, _targetPath!, overwrite: true);
            }

            _completed = true;
        }
        finally
        {
            Dispose();
        }
    }

    /// <summary>Closes the writer; without a successful <see cref="Complete"/>, deletes the temporary file.</summary>
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

        if (_tempPath is not null && !_completed)
        {
            try
            {
                File.Delete(_tempPath);
            }
            catch (IOException)
            {
                // Best effort: the target path is untouched either way.
            }
            catch (UnauthorizedAccessException)
            {
                // Same as above.
            }
        }
    }

    private static void Validate(int sampleRate, int channels, WavEncoding encoding)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (!Enum.IsDefined(encoding))
        {
            throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown WAV encoding.");
        }

        int maxChannels = ushort.MaxValue / WavEncodingInfo.BytesPerSample(encoding);
        if (channels < 1 || channels > maxChannels)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, $"{encoding} allows 1 to {maxChannels} channels (the block align is 16-bit).");
        }
    }

    private (long FactOffset, long DataSizeOffset) WriteHeader(int sampleRate, uint channelMask)
    {
        bool isFloat = WavEncodingInfo.IsFloat(_encoding);
        bool extensible = _channels > 2 || channelMask != 0;
        int bits = WavEncodingInfo.BytesPerSample(_encoding) * 8;
        ushort tag = isFloat ? (ushort)3 : (ushort)1;
        int fmtSize = extensible ? 40 : isFloat ? 18 : 16;
        int factSize = isFloat ? 12 : 0;
        Span<byte> h = stackalloc byte[12 + 8 + 40 + 12 + 8];
        h.Clear();
        "RIFF"u8.CopyTo(h);
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)fmtSize);
        Span<byte> fmt = h.Slice(20, fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, extensible ? (ushort)0xFFFE : tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt[2..], (ushort)_channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt[4..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt[8..], (uint)Math.Min((long)sampleRate * _blockAlign, uint.MaxValue));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt[12..], (ushort)_blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt[14..], (ushort)bits);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt[16..], 22);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt[18..], (ushort)bits);
            BinaryPrimitives.WriteUInt32LittleEndian(fmt[20..], channelMask);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt[24..], tag);
            SubFormatSuffix.CopyTo(fmt[26..]);
        }

        int at = 20 + fmtSize;
        long factOffset = -1;
        if (isFloat)
        {
            "fact"u8.CopyTo(h[at..]);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 4)..], 4);
            factOffset = at + 8;
            at += factSize;
        }

        "data"u8.CopyTo(h[at..]);
        long dataSizeOffset = at + 4;
        at += 8;
        _stream.Write(h[..at]);
        return (factOffset, dataSizeOffset);
    }

    private void Patch(long offset, uint value, Span<byte> word)
    {
        _stream.Position = _origin + offset;
        BinaryPrimitives.WriteUInt32LittleEndian(word, value);
        _stream.Write(word);
    }

    private void ThrowIfClosed()
    {
        if (_disposed || _completed)
        {
            throw new InvalidOperationException("The WAV writer has already been completed or disposed.");
        }
    }
}
