using System.Buffers.Binary;

namespace NomadMuse.Core.Audio;

/// <summary>The result of parsing a WAV header: the format and where the samples are.</summary>
/// <param name="Format">Sample format and the frame count the stream really holds (−1 when unknown).</param>
/// <param name="DataOffset">Offset of the first sample byte from the start of the WAV data.</param>
/// <param name="IsTruncated">Whether the data chunk declares more bytes than the stream contains.</param>
/// <param name="DeclaredDataBytes">The data size the header declares (−1 when left open).</param>
internal readonly record struct WavHeader(WavFormat Format, long DataOffset, bool IsTruncated, long DeclaredDataBytes);

/// <summary>Parses RIFF/RF64 WAVE headers up to the start of the data chunk.</summary>
/// <remarks>
/// Every size and field is validated before use, so garbage yields <see cref="WavFormatException"/> and never an
/// index or overflow error. Offsets are relative to the stream position where parsing started.
/// </remarks>
internal static class WavHeaderParser
{
    private const ushort TagPcm = 1;
    private const ushort TagFloat = 3;
    private const ushort TagExtensible = 0xFFFE;
    private const uint OpenSize = uint.MaxValue;

    // The 14 bytes that KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT share after their 2-byte format tag
    // ({0000xxxx-0000-0010-8000-00AA00389B71} in little-endian GUID layout).
    private static ReadOnlySpan<byte> SubFormatSuffix => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>Parses the header from <paramref name="stream"/>, leaving it positioned at the first sample byte.</summary>
    /// <exception cref="WavFormatException">The header is corrupt or unsupported.</exception>
    public static WavHeader Parse(Stream stream)
    {
        long origin = stream.CanSeek ? stream.Position : 0;
        long length = stream.CanSeek ? stream.Length - origin : -1;
        var reader = new ChunkReader(stream);
        Span<byte> head = stackalloc byte[40];

        if (reader.Read(head[..12]) < 12)
        {
            throw new WavFormatException("the stream is shorter than a 12-byte RIFF header", 0);
        }

        bool isRf64;
        if (head[..4].SequenceEqual("RIFF"u8))
        {
            isRf64 = false;
        }
        else if (head[..4].SequenceEqual("RF64"u8) || head[..4].SequenceEqual("BW64"u8))
        {
            isRf64 = true;
        }
        else
        {
            throw new WavFormatException($"not a RIFF file: it starts with {Describe(head[..4])} instead of 'RIFF' or 'RF64'", 0);
        }

        if (!head.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new WavFormatException($"the RIFF form type is {Describe(head.Slice(8, 4))}, not 'WAVE'", 8);
        }

        long ds64DataSize = -1;
        WavFormat? format = null;
        while (true)
        {
            long chunkOffset = reader.Offset;
            int got = reader.Read(head[..8]);
            if (got < 8)
            {
                string missing = format is null ? "no 'fmt ' chunk" : "no 'data' chunk";
                throw new WavFormatException(got == 0 ? $"{missing} before the end of the stream" : $"{missing}: the stream ends inside a chunk header", chunkOffset);
            }

            ReadOnlySpan<byte> id = head[..4];
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(head.Slice(4, 4));
            long bodyOffset = chunkOffset + 8;

            if (isRf64 && chunkOffset == 12)
            {
                if (!id.SequenceEqual("ds64"u8))
                {
                    throw new WavFormatException($"an RF64 file must start with a 'ds64' chunk, found {Describe(id)}", chunkOffset);
                }

                if (size < 24)
                {
                    throw new WavFormatException($"the 'ds64' chunk is {size} bytes, fewer than the 24 it needs", chunkOffset);
                }

                ReadBody(reader, head[..24], bodyOffset, "ds64");
                long declared = BinaryPrimitives.ReadInt64LittleEndian(head.Slice(8, 8));
                if (declared < 0)
                {
                    throw new WavFormatException("the 'ds64' chunk declares a negative data size", bodyOffset + 8);
                }

                ds64DataSize = declared;
                Skip(reader, size - 24L + (size & 1), length, "ds64", chunkOffset);
                continue;
            }

            if (id.SequenceEqual("fmt "u8))
            {
                if (format is not null)
                {
                    throw new WavFormatException("a second 'fmt ' chunk", chunkOffset);
                }

                if (size < 16)
                {
                    throw new WavFormatException($"the 'fmt ' chunk is {size} bytes, fewer than the 16 it needs", chunkOffset);
                }

                int used = (int)Math.Min(size, 40u);
                ReadBody(reader, head[..used], bodyOffset, "fmt ");
                format = ParseFmt(head[..used], bodyOffset, isRf64);
                Skip(reader, size - (long)used + (size & 1), length, "fmt ", chunkOffset);
                continue;
            }

            if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw new WavFormatException("the 'data' chunk comes before the 'fmt ' chunk", chunkOffset);
                }

                long declared = size == OpenSize ? (isRf64 ? ds64DataSize : -1) : size;
                return FinishData(format, bodyOffset, declared, length);
            }

            Skip(reader, size + (long)(size & 1), length, Describe(id), chunkOffset);
        }
    }

    private static WavHeader FinishData(WavFormat format, long dataOffset, long declared, long length)
    {
        long available = length < 0 ? -1 : Math.Max(0, length - dataOffset);
        long bytes;
        bool truncated = false;
        if (available < 0)
        {
            bytes = declared;
        }
        else if (declared < 0)
        {
            bytes = available;
        }
        else
        {
            truncated = declared > available;
            bytes = Math.Min(declared, available);
        }

        long frames = bytes < 0 ? -1 : bytes / format.BlockAlign;
        var withLength = new WavFormat(format.SampleRate, format.Channels, format.Encoding, format.ValidBitsPerSample,
            format.ChannelMask, format.IsExtensible, format.IsRf64, frames);
        return new WavHeader(withLength, dataOffset, truncated, declared);
    }

    private static WavFormat ParseFmt(ReadOnlySpan<byte> fmt, long at, bool isRf64)
    {
        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        if (channels == 0)
        {
            throw new WavFormatException("the 'fmt ' chunk declares zero channels", at + 2);
        }

        if (sampleRate == 0 || sampleRate > int.MaxValue)
        {
            throw new WavFormatException($"the 'fmt ' chunk declares an invalid sample rate of {sampleRate} Hz", at + 4);
        }

        bool extensible = tag == TagExtensible;
        ushort kind = tag;
        int validBits = bits;
        uint mask = 0;
        if (extensible)
        {
            if (fmt.Length < 40 || BinaryPrimitives.ReadUInt16LittleEndian(fmt[16..]) < 22)
            {
                throw new WavFormatException("a WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk needs 40 bytes with a 22-byte extension", at);
            }

            validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[18..]);
            mask = BinaryPrimitives.ReadUInt32LittleEndian(fmt[20..]);
            kind = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
            if (!fmt.Slice(26, 14).SequenceEqual(SubFormatSuffix) || (kind != TagPcm && kind != TagFloat))
            {
                throw new WavFormatException($"unsupported WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(fmt.Slice(24, 16))} (only PCM and IEEE float are read)", at + 24);
            }

            if (bits % 8 != 0)
            {
                throw new WavFormatException($"a WAVE_FORMAT_EXTENSIBLE container of {bits} bits is not a whole number of bytes", at + 14);
            }

            if (validBits == 0)
            {
                validBits = bits;
            }
            else if (validBits > bits)
            {
                throw new WavFormatException($"{validBits} valid bits do not fit in a {bits}-bit container", at + 18);
            }
        }

        WavEncoding encoding = kind switch
        {
            // Plain PCM may declare e.g. 12 or 20 bits: the container is the next whole byte.
            TagPcm => ((bits + 7) / 8) switch
            {
                1 => WavEncoding.Pcm8,
                2 => WavEncoding.Pcm16,
                3 => WavEncoding.Pcm24,
                4 => WavEncoding.Pcm32,
                _ => throw new WavFormatException($"unsupported integer PCM sample size of {bits} bits", at + 14),
            },
            TagFloat => bits switch
            {
                32 => WavEncoding.Float32,
                64 => WavEncoding.Float64,
                _ => throw new WavFormatException($"unsupported IEEE float sample size of {bits} bits", at + 14),
            },
            _ => throw new WavFormatException($"unsupported format tag 0x{tag:X4} (only PCM, IEEE float and extensible are read)", at),
        };

        int expectedAlign = channels * WavEncodingInfo.BytesPerSample(encoding);
        if (blockAlign != expectedAlign)
        {
            throw new WavFormatException($"block align {blockAlign} does not match {channels} channel(s) × {WavEncodingInfo.BytesPerSample(encoding)} byte(s) = {expectedAlign}", at + 12);
        }

        return new WavFormat((int)sampleRate, channels, encoding, Math.Min(validBits, WavEncodingInfo.BytesPerSample(encoding) * 8),
            mask, extensible, isRf64, -1);
    }

    private static void ReadBody(ChunkReader reader, Span<byte> body, long at, string chunk)
    {
        if (reader.Read(body) < body.Length)
        {
            throw new WavFormatException($"the stream ends inside the '{chunk}' chunk", at);
        }
    }

    private static void Skip(ChunkReader reader, long count, long length, string chunk, long chunkOffset)
    {
        if (length >= 0 && reader.Offset + count > length)
        {
            throw new WavFormatException($"chunk {chunk} claims {count} more bytes but the stream ends at {length}; no 'data' chunk follows", chunkOffset);
        }

        if (!reader.Skip(count))
        {
            throw new WavFormatException($"the stream ends inside chunk {chunk}", chunkOffset);
        }
    }

    private static string Describe(ReadOnlySpan<byte> fourCc)
    {
        Span<char> text = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            byte b = fourCc[i];
            text[i] = b is >= 0x20 and < 0x7F ? (char)b : '?';
        }

        return $"'{text}'";
    }

    /// <summary>Reads forward through a stream, counting the offset, seeking over skipped bytes when it can.</summary>
    private sealed class ChunkReader(Stream stream)
    {
        private readonly long _origin = stream.CanSeek ? stream.Position : 0;

        public long Offset { get; private set; }

        public int Read(Span<byte> buffer)
        {
            int got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            Offset += got;
            return got;
        }

        public bool Skip(long count)
        {
            if (stream.CanSeek)
            {
                stream.Position = _origin + Offset + count;
                Offset += count;
                return true;
            }

            Span<byte> scratch = stackalloc byte[256];
            while (count > 0)
            {
                int got = Read(scratch[..(int)Math.Min(count, scratch.Length)]);
                if (got == 0)
                {
                    return false;
                }

                count -= got;
            }

            return true;
        }
    }
}
