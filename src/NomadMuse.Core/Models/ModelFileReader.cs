using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NomadMuse.Core.Models;

/// <summary>
/// Reads a model file front to back from any stream (seekable or not), counting the byte offset for error messages
/// and hashing every byte it hands out so the trailing SHA-256 can be checked without a second pass.
/// </summary>
internal sealed class ModelFileReader : IDisposable
{
    private const int BufferSize = 64 * 1024;

    // Without a length to check against, a corrupt dimension could ask for gigabytes before the stream runs dry;
    // arrays larger than this grow as the data actually arrives instead.
    private const int EagerAllocationBytes = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _bufferStart;
    private int _bufferEnd;

    public ModelFileReader(Stream stream) => _stream = stream;

    /// <summary>Bytes consumed so far: the offset of the next byte in the file.</summary>
    public long Position { get; private set; }

    public void Dispose() => _hash.Dispose();

    /// <summary>Bytes known to remain, or -1 when the stream cannot tell.</summary>
    public long KnownRemaining
    {
        get
        {
            if (!_stream.CanSeek)
            {
                return -1;
            }

            try
            {
                return _stream.Length - _stream.Position + (_bufferEnd - _bufferStart);
            }
            catch (NotSupportedException)
            {
                return -1;
            }
        }
    }

    public byte ReadByte(string what, string? tensor = null)
    {
        Span<byte> one = stackalloc byte[1];
        ReadExactly(one, what, tensor);
        return one[0];
    }

    public ushort ReadUInt16(string what, string? tensor = null)
    {
        Span<byte> bytes = stackalloc byte[2];
        ReadExactly(bytes, what, tensor);
        return BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    public uint ReadUInt32(string what, string? tensor = null)
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadExactly(bytes, what, tensor);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public int ReadInt32(string what, string? tensor = null)
    {
        Span<byte> bytes = stackalloc byte[4];
        ReadExactly(bytes, what, tensor);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    /// <summary>Reads <paramref name="count"/> little-endian elements into a new array.</summary>
    public T[] ReadArray<T>(int count, string what, string? tensor)
        where T : unmanaged
    {
        int size = Marshal.SizeOf<T>();
        long bytes = (long)count * size;
        long remaining = KnownRemaining;
        if (remaining >= 0 && remaining < bytes)
        {
            throw Truncated(what, bytes, remaining, tensor);
        }

        T[] result;
        if (remaining >= 0 || bytes <= EagerAllocationBytes)
        {
            result = new T[count];
            ReadExactly(MemoryMarshal.AsBytes(result.AsSpan()), what, tensor);
        }
        else
        {
            // Grow as data arrives so a corrupt count on a non-seekable stream fails with "truncated", not OOM.
            long start = Position;
            result = new T[EagerAllocationBytes / size];
            int filled = 0;
            while (filled < count)
            {
                if (filled == result.Length)
                {
                    Array.Resize(ref result, (int)Math.Min(count, (long)result.Length * 2));
                }

                int chunk = result.Length - filled;
                int got = ReadSome(MemoryMarshal.AsBytes(result.AsSpan(filled, chunk)));
                if (got < chunk * size)
                {
                    throw Truncated(what, bytes, Position - start, tensor, start);
                }

                filled += chunk;
            }
        }

        if (!BitConverter.IsLittleEndian && size > 1)
        {
            ReverseEndianness(MemoryMarshal.AsBytes(result.AsSpan()), size);
        }

        return result;
    }

    /// <summary>Fills <paramref name="destination"/> or throws a "truncated" <see cref="ModelFormatException"/>.</summary>
    public void ReadExactly(Span<byte> destination, string what, string? tensor = null)
    {
        long start = Position;
        int got = ReadSome(destination);
        if (got < destination.Length)
        {
            throw Truncated(what, destination.Length, got, tensor, start);
        }
    }

    /// <summary>Finishes the hash of everything read so far.</summary>
    public byte[] FinishHash() => _hash.GetHashAndReset();

    /// <summary>Reads bytes that are not part of the hashed content (the trailer).</summary>
    public int ReadUnhashed(Span<byte> destination) => Fill(destination, hash: false);

    /// <summary>Whether the stream has ended.</summary>
    public bool AtEnd()
    {
        if (_bufferStart < _bufferEnd)
        {
            return false;
        }

        _bufferStart = 0;
        _bufferEnd = _stream.Read(_buffer, 0, _buffer.Length);
        return _bufferEnd == 0;
    }

    private int ReadSome(Span<byte> destination) => Fill(destination, hash: true);

    private int Fill(Span<byte> destination, bool hash)
    {
        int total = 0;
        while (total < destination.Length)
        {
            if (_bufferStart == _bufferEnd)
            {
                int wanted = destination.Length - total;
                if (wanted >= _buffer.Length)
                {
                    // Large reads go straight into the destination.
                    int direct = _stream.Read(destination[total..]);
                    if (direct == 0)
                    {
                        break;
                    }

                    Consume(destination.Slice(total, direct), hash);
                    total += direct;
                    continue;
                }

                _bufferStart = 0;
                _bufferEnd = _stream.Read(_buffer, 0, _buffer.Length);
                if (_bufferEnd == 0)
                {
                    break;
                }
            }

            int n = Math.Min(destination.Length - total, _bufferEnd - _bufferStart);
            _buffer.AsSpan(_bufferStart, n).CopyTo(destination[total..]);
            _bufferStart += n;
            Consume(destination.Slice(total, n), hash);
            total += n;
        }

        return total;
    }

    private void Consume(ReadOnlySpan<byte> bytes, bool hash)
    {
        if (hash)
        {
            _hash.AppendData(bytes);
        }

        Position += bytes.Length;
    }

    private ModelFormatException Truncated(string what, long needed, long available, string? tensor, long start = -1)
    {
        long at = start >= 0 ? start : Position;
        return new ModelFormatException($"the file is truncated: {what} needs {needed} bytes but only {available} remain", at, tensor);
    }

    private static void ReverseEndianness(Span<byte> bytes, int size)
    {
        for (int i = 0; i + size <= bytes.Length; i += size)
        {
            bytes.Slice(i, size).Reverse();
        }
    }
}
