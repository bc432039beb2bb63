namespace NomadMuse.Core.Audio.Flac;

/// <summary>
/// A big-endian bit reader over an in-memory FLAC stream that reports reads past the end as
/// <see cref="FlacFormatException"/> rather than letting an index escape.
/// </summary>
internal sealed class FlacBitReader
{
    private readonly byte[] _data;
    private readonly int _length;
    private long _bitPosition;

    public FlacBitReader(byte[] data, int length)
    {
        _data = data;
        _length = length;
    }

    /// <summary>The current position in bytes (rounded down).</summary>
    public int BytePosition => (int)(_bitPosition >> 3);

    /// <summary>Whether the position sits on a byte boundary.</summary>
    public bool IsByteAligned => (_bitPosition & 7) == 0;

    /// <summary>Bytes left from the (byte-aligned) position.</summary>
    public int BytesRemaining => _length - BytePosition;

    public void SeekToByte(int offset) => _bitPosition = (long)offset << 3;

    public void AlignToByte() => _bitPosition = (_bitPosition + 7) & ~7L;

    /// <summary>Reads an unsigned value of up to 32 bits.</summary>
    public uint ReadBits(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        EnsureAvailable(count);
        // Gather 8 bytes starting at the current byte; at most 7 + 32 bits are needed, which fits in 64.
        int byteIndex = (int)(_bitPosition >> 3);
        int bitOffset = (int)(_bitPosition & 7);
        ulong window = 0;
        for (int i = 0; i < 8; i++)
        {
            int index = byteIndex + i;
            window = (window << 8) | (index < _length ? _data[index] : 0u);
        }

        _bitPosition += count;
        return (uint)((window << bitOffset) >> (64 - count));
    }

    /// <summary>Reads a two's-complement signed value of up to 32 bits.</summary>
    public int ReadSigned(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        uint raw = ReadBits(count);
        int shift = 32 - count;
        return (int)(raw << shift) >> shift;
    }

    /// <summary>Reads a 33-bit signed value (a side channel of 32-bit audio) as a long.</summary>
    public long ReadSignedLong(int count)
    {
        if (count <= 32)
        {
            return ReadSigned(count);
        }

        long high = ReadBits(count - 32);
        long value = (high << 32) | ReadBits(32);
        int shift = 64 - count;
        return (value << shift) >> shift;
    }

    public bool ReadBit() => ReadBits(1) != 0;

    /// <summary>Counts zero bits up to the next one bit, consuming both.</summary>
    public uint ReadUnary()
    {
        uint zeros = 0;
        while (true)
        {
            if (_bitPosition >= (long)_length << 3)
            {
                throw new FlacFormatException("A unary-coded value runs past the end of the stream.", _length);
            }

            int byteIndex = (int)(_bitPosition >> 3);
            int bitOffset = (int)(_bitPosition & 7);
            // Fast path: skip the rest of a zero byte at once.
            int remainingInByte = (byte)(_data[byteIndex] << bitOffset);
            if (remainingInByte == 0)
            {
                zeros += (uint)(8 - bitOffset);
                _bitPosition += 8 - bitOffset;
                if (zeros > (1u << 30))
                {
                    throw new FlacFormatException("A unary-coded value is implausibly long.", byteIndex);
                }

                continue;
            }

            int leading = System.Numerics.BitOperations.LeadingZeroCount((uint)remainingInByte) - 24;
            zeros += (uint)leading;
            _bitPosition += leading + 1;
            return zeros;
        }
    }

    /// <summary>Reads a Rice-coded signed residual with parameter <paramref name="parameter"/>.</summary>
    public int ReadRice(int parameter)
    {
        uint quotient = ReadUnary();
        uint low = ReadBits(parameter);
        ulong folded = ((ulong)quotient << parameter) | low;
        if (folded > uint.MaxValue)
        {
            throw new FlacFormatException($"A Rice-coded residual ({folded}) does not fit in 32 bits.", BytePosition);
        }

        uint u = (uint)folded;
        return (int)(u >> 1) ^ -(int)(u & 1);
    }

    /// <summary>Reads the UTF-8-like coded frame or sample number of a frame header.</summary>
    public ulong ReadUtf8Number()
    {
        int start = BytePosition;
        uint first = ReadBits(8);
        if ((first & 0x80) == 0)
        {
            return first;
        }

        int extra;
        ulong value;
        if ((first & 0xE0) == 0xC0) { extra = 1; value = first & 0x1F; }
        else if ((first & 0xF0) == 0xE0) { extra = 2; value = first & 0x0F; }
        else if ((first & 0xF8) == 0xF0) { extra = 3; value = first & 0x07; }
        else if ((first & 0xFC) == 0xF8) { extra = 4; value = first & 0x03; }
        else if ((first & 0xFE) == 0xFC) { extra = 5; value = first & 0x01; }
        else if (first == 0xFE) { extra = 6; value = 0; }
        else
        {
            throw new FlacFormatException($"Invalid coded frame number (first byte 0x{first:X2}).", start);
        }

        for (int i = 0; i < extra; i++)
        {
            uint b = ReadBits(8);
            if ((b & 0xC0) != 0x80)
            {
                throw new FlacFormatException($"Invalid continuation byte 0x{b:X2} in the coded frame number.", BytePosition - 1);
            }

            value = (value << 6) | (b & 0x3F);
        }

        return value;
    }

    private void EnsureAvailable(int bits)
    {
        if (_bitPosition + bits > (long)_length << 3)
        {
            throw new FlacFormatException("Unexpected end of stream inside a frame.", BytePosition);
        }
    }
}
