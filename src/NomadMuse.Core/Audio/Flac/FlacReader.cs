namespace NomadMuse.Core.Audio.Flac;

/// <summary>
/// Decodes a FLAC stream (any block size, 1–8 channels, 4–32 bits, fixed and LPC predictors) to interleaved float
/// samples in [−1, 1), block by block into caller buffers.
/// </summary>
/// <remarks>
/// <para>
/// The compressed stream is read into memory once (a FLAC file is typically half the size of its PCM); frames are
/// decoded on demand, so memory stays at the compressed size plus one block. Every frame's CRC-8 and CRC-16 are
/// checked; the MD5 signature of the whole stream is not.
/// </para>
/// <para>Not thread-safe. <see cref="ReadFrames"/> does not allocate.</para>
/// </remarks>
public sealed class FlacReader : IDisposable
{
    private const int MaxStreamBytes = int.MaxValue - 64;

    private readonly byte[] _data;
    private readonly FlacBitReader _bits;
    private readonly FlacFrameDecoder _decoder;
    private readonly long[][] _block;
    private readonly float _scale;
    private int _blockLength;
    private int _blockPosition;
    private long _framesDecoded;
    private bool _ended;

    /// <summary>Opens a FLAC stream and reads its metadata.</summary>
    /// <param name="stream">The stream, positioned at the start of the FLAC data (an ID3v2 tag before it is skipped).</param>
    /// <exception cref="FlacFormatException">The stream is not FLAC or its metadata is corrupt.</exception>
    public FlacReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        (_data, int length) = ReadAll(stream);
        _bits = new FlacBitReader(_data, length);
        Info = ReadMetadata(_bits, length);
        _decoder = new FlacFrameDecoder(Info);
        _block = new long[Info.Channels][];
        for (int ch = 0; ch < Info.Channels; ch++)
        {
            _block[ch] = new long[Info.MaxBlockSize];
        }

        _scale = 1f / (1L << (Info.BitsPerSample - 1));
    }

    /// <summary>The stream's format.</summary>
    public FlacStreamInfo Info { get; }

    /// <summary>Samples per second per channel.</summary>
    public int SampleRate => Info.SampleRate;

    /// <summary>The number of channels.</summary>
    public int Channels => Info.Channels;

    /// <summary>Opens a FLAC file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="FlacFormatException">The file is not FLAC or its metadata is corrupt.</exception>
    public static FlacReader Open(string path)
    {
        using FileStream file = File.OpenRead(path);
        return new FlacReader(file);
    }

    /// <summary>Decodes up to <c>interleaved.Length / Channels</c> frames (one sample per channel each).</summary>
    /// <param name="interleaved">Receives interleaved samples.</param>
    /// <returns>The number of frames written; 0 at the end of the stream.</returns>
    /// <exception cref="FlacFormatException">A frame is corrupt; the message gives its byte offset.</exception>
    public int ReadFrames(Span<float> interleaved)
    {
        int channels = Info.Channels;
        int capacity = interleaved.Length / channels;
        int written = 0;
        while (written < capacity)
        {
            if (_blockPosition == _blockLength && !DecodeNextBlock())
            {
                break;
            }

            int take = Math.Min(capacity - written, _blockLength - _blockPosition);
            for (int ch = 0; ch < channels; ch++)
            {
                long[] source = _block[ch];
                int o = (written * channels) + ch;
                for (int i = 0; i < take; i++, o += channels)
                {
                    interleaved[o] = source[_blockPosition + i] * _scale;
                }
            }

            _blockPosition += take;
            written += take;
        }

        return written;
    }

    /// <summary>Decodes the whole (remaining) stream.</summary>
    /// <returns>Interleaved samples.</returns>
    /// <exception cref="FlacFormatException">A frame is corrupt.</exception>
    public float[] ReadToEnd()
    {
        var chunks = new List<float[]>();
        var buffer = new float[Math.Max(Info.MaxBlockSize, 4096) * Info.Channels];
        int n;
        long total = 0;
        while ((n = ReadFrames(buffer)) > 0)
        {
            chunks.Add(buffer.AsSpan(0, n * Info.Channels).ToArray());
            total += n * Info.Channels;
        }

        var result = new float[total];
        long offset = 0;
        foreach (float[] chunk in chunks)
        {
            chunk.CopyTo(result, offset);
            offset += chunk.Length;
        }

        return result;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Nothing native: the reader owns managed arrays only. Disposable for symmetry with the WAV reader.
    }

    private bool DecodeNextBlock()
    {
        if (_ended)
        {
            return false;
        }

        bool knownLength = Info.TotalFrames > 0;
        if ((knownLength && _framesDecoded >= Info.TotalFrames) || _bits.BytesRemaining < 2 || !AtSync())
        {
            if (!knownLength || _framesDecoded >= Info.TotalFrames)
            {
                _ended = true; // trailing bytes after the last frame (e.g. an ID3v1 tag) are ignored
                return false;
            }

            throw new FlacFormatException($"Stream ends after {_framesDecoded} of {Info.TotalFrames} samples: no frame sync here.", _bits.BytePosition);
        }

        _blockLength = _decoder.Decode(_bits, _data, _block);
        _blockPosition = 0;
        if (knownLength && _framesDecoded + _blockLength > Info.TotalFrames)
        {
            _blockLength = (int)(Info.TotalFrames - _framesDecoded);
        }

        _framesDecoded += _blockLength;
        return true;
    }

    private bool AtSync()
    {
        int p = _bits.BytePosition;
        return _data[p] == 0xFF && (_data[p + 1] & 0xFE) == 0xF8;
    }

    private static (byte[] Data, int Length) ReadAll(Stream stream)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > MaxStreamBytes)
            {
                throw new FlacFormatException($"The stream holds {remaining} bytes; at most {MaxStreamBytes} are supported.", 0);
            }

            var data = new byte[remaining + 8];
            int read = 0;
            int n;
            while (read < remaining && (n = stream.Read(data, read, (int)remaining - read)) > 0)
            {
                read += n;
            }

            return (data, read);
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        if (copy.Length > MaxStreamBytes)
        {
            throw new FlacFormatException($"The stream holds {copy.Length} bytes; at most {MaxStreamBytes} are supported.", 0);
        }

        var bytes = new byte[copy.Length + 8];
        copy.GetBuffer().AsSpan(0, (int)copy.Length).CopyTo(bytes);
        return (bytes, (int)copy.Length);
    }

    private static FlacStreamInfo ReadMetadata(FlacBitReader bits, int length)
    {
        SkipId3v2(bits, length);
        int markerOffset = bits.BytePosition;
        if (bits.BytesRemaining < 4 || bits.ReadBits(32) != 0x664C6143)
        {
            throw new FlacFormatException("Missing the 'fLaC' stream marker: not a FLAC stream.", markerOffset);
        }

        FlacStreamInfo? info = null;
        bool last = false;
        while (!last)
        {
            int blockOffset = bits.BytePosition;
            if (bits.BytesRemaining < 4)
            {
                throw new FlacFormatException("The metadata ends before its last block.", blockOffset);
            }

            last = bits.ReadBit();
            int type = (int)bits.ReadBits(7);
            int size = (int)bits.ReadBits(24);
            if (size > bits.BytesRemaining)
            {
                throw new FlacFormatException($"Metadata block of type {type} claims {size} bytes; only {bits.BytesRemaining} remain.", blockOffset);
            }

            int bodyStart = bits.BytePosition;
            if (info is null && type != 0)
            {
                throw new FlacFormatException("The first metadata block must be STREAMINFO.", blockOffset);
            }

            if (type == 0)
            {
                if (info is not null)
                {
                    throw new FlacFormatException("A second STREAMINFO block.", blockOffset);
                }

                if (size != 34)
                {
                    throw new FlacFormatException($"STREAMINFO must be 34 bytes, not {size}.", blockOffset);
                }

                info = ParseStreamInfo(bits, bodyStart);
            }
            else if (type == 127)
            {
                throw new FlacFormatException("Invalid metadata block type 127.", blockOffset);
            }

            bits.SeekToByte(bodyStart + size);
        }

        return info!;
    }

    private static FlacStreamInfo ParseStreamInfo(FlacBitReader bits, int offset)
    {
        int minBlock = (int)bits.ReadBits(16);
        int maxBlock = (int)bits.ReadBits(16);
        bits.ReadBits(24); // min frame size
        bits.ReadBits(24); // max frame size
        int sampleRate = (int)bits.ReadBits(20);
        int channels = (int)bits.ReadBits(3) + 1;
        int bitsPerSample = (int)bits.ReadBits(5) + 1;
        long totalSamples = ((long)bits.ReadBits(4) << 32) | bits.ReadBits(32);
        if (maxBlock < 16 || minBlock > maxBlock)
        {
            throw new FlacFormatException($"Invalid block sizes in STREAMINFO (min {minBlock}, max {maxBlock}).", offset);
        }

        if (sampleRate == 0)
        {
            throw new FlacFormatException("STREAMINFO gives a sample rate of 0 Hz.", offset + 10);
        }

        if (bitsPerSample < 4)
        {
            throw new FlacFormatException($"Unsupported sample size {bitsPerSample} bits.", offset + 12);
        }

        return new FlacStreamInfo(minBlock, maxBlock, sampleRate, channels, bitsPerSample, totalSamples);
    }

    private static void SkipId3v2(FlacBitReader bits, int length)
    {
        if (length < 10 || bits.ReadBits(24) != 0x494433) // "ID3"
        {
            bits.SeekToByte(0);
            return;
        }

        bits.ReadBits(16); // version
        bits.ReadBits(8);  // flags
        int size = 0;
        for (int i = 0; i < 4; i++)
        {
            size = (size << 7) | (int)(bits.ReadBits(8) & 0x7F); // syncsafe integer
        }

        if (10 + size > length)
        {
            throw new FlacFormatException($"An ID3v2 tag claims {size} bytes; the stream is shorter.", 6);
        }

        bits.SeekToByte(10 + size);
    }
}
