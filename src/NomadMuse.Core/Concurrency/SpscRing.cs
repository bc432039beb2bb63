using System.Numerics;
using System.Runtime.InteropServices;

namespace NomadMuse.Core.Concurrency;

/// <summary>
/// A single-producer, single-consumer ring of values for handing data from a real-time thread to another one — audio
/// samples in blocks, predicted events one at a time. A write is all or nothing; both sides are wait-free and
/// allocate nothing after construction.
/// </summary>
/// <typeparam name="T">The value type carried; copied in and out, never boxed.</typeparam>
/// <remarks>
/// <para>Exactly one thread may write (<see cref="TryWrite(ReadOnlySpan{T})"/>, <see cref="TryWrite(in T)"/>, or
/// <see cref="TryReserve"/> then <see cref="Commit"/>) and exactly one other thread may read (<see cref="Read"/>,
/// <see cref="TryRead"/>). The indices only grow (64-bit, so they never wrap in practice); each side publishes its
/// index with a release write after touching the data and reads the other's with an acquire read. The two indices
/// live on separate cache lines so that the sides do not contend.</para>
/// <para>A full ring refuses the newest data rather than overwriting the oldest: only the consumer may move the read
/// index, so dropping old data would need a lock or a second index. Callers count what was refused.</para>
/// </remarks>
public sealed class SpscRing<T>
    where T : struct
{
    /// <summary>The largest capacity a ring can have, in values.</summary>
    public const int MaxCapacity = 1 << 30;

    private readonly T[] _buffer;
    private readonly int _mask;
    private SpscRingIndices _indices;

    // Producer-only: lets Commit reject a count the producer never reserved.
    private int _reserved;

    /// <summary>Creates a ring holding at least <paramref name="minimumCapacity"/> values.</summary>
    /// <param name="minimumCapacity">1 to <see cref="MaxCapacity"/>; rounded up to a power of two so that an index
    /// maps to a slot with a mask.</param>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not 1 to <see cref="MaxCapacity"/>.</exception>
    public SpscRing(int minimumCapacity)
    {
        if (minimumCapacity is < 1 or > MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumCapacity), minimumCapacity, "The ring holds 1 to 2^30 values.");
        }

        _buffer = new T[BitOperations.RoundUpToPowerOf2((uint)minimumCapacity)];
        _mask = _buffer.Length - 1;
    }

    /// <summary>Capacity in values (a power of two).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Values written and not yet read (a snapshot; either side may call it).</summary>
    public int Count => (int)(Volatile.Read(ref _indices.Written) - Volatile.Read(ref _indices.Read));

    /// <summary>Writes all of <paramref name="data"/>, or nothing when it does not fit.</summary>
    /// <returns><see langword="false"/> when there was not room for all of it (nothing is written).</returns>
    /// <remarks>Producer thread only; wait-free, no allocation.</remarks>
    public bool TryWrite(ReadOnlySpan<T> data)
    {
        if (!TryReserve(data.Length, out Span<T> first, out Span<T> second))
        {
            return false;
        }

        data[..first.Length].CopyTo(first);
        data[first.Length..].CopyTo(second);
        Commit(data.Length);
        return true;
    }

    /// <summary>Writes one value unless the ring is full.</summary>
    /// <returns><see langword="false"/> when the ring is full (nothing is written).</returns>
    /// <remarks>Producer thread only; wait-free, no allocation.</remarks>
    public bool TryWrite(in T value)
    {
        long written = _indices.Written; // only the producer moves it
        if (written - Volatile.Read(ref _indices.Read) >= _buffer.Length)
        {
            return false;
        }

        _buffer[(int)(written & _mask)] = value;
        _reserved = 0;
        Volatile.Write(ref _indices.Written, written + 1);
        return true;
    }

    /// <summary>
    /// Lends the producer the next <paramref name="count"/> free slots to fill in place (for example with a
    /// transformed copy of its input); the consumer sees none of them until <see cref="Commit"/>.
    /// </summary>
    /// <param name="count">Slots wanted, 0 or more.</param>
    /// <param name="first">The slots up to the end of the buffer.</param>
    /// <param name="second">The rest, from the start of the buffer (empty unless the slots wrap).</param>
    /// <returns><see langword="false"/> when fewer than <paramref name="count"/> slots are free (both spans are empty).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <remarks>Producer thread only; wait-free, no allocation. The spans are valid until the next write, reservation
    /// or <see cref="Commit"/>.</remarks>
    public bool TryReserve(int count, out Span<T> first, out Span<T> second)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long written = _indices.Written;
        if (count > _buffer.Length - (written - Volatile.Read(ref _indices.Read)))
        {
            first = second = default;
            _reserved = 0;
            return false;
        }

        int start = (int)(written & _mask);
        int firstLength = Math.Min(count, _buffer.Length - start);
        first = _buffer.AsSpan(start, firstLength);
        second = _buffer.AsSpan(0, count - firstLength);
        _reserved = count;
        return true;
    }

    /// <summary>Publishes the first <paramref name="count"/> slots of the last reservation to the consumer.</summary>
    /// <param name="count">0 to the count last reserved.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or more than was reserved.</exception>
    /// <remarks>Producer thread only; wait-free, no allocation.</remarks>
    public void Commit(int count)
    {
        if ((uint)count > (uint)_reserved)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Only {_reserved} slots are reserved.");
        }

        _reserved = 0;
        Volatile.Write(ref _indices.Written, _indices.Written + count);
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length values, oldest first.</summary>
    /// <returns>The number of values read; 0 when the ring is empty.</returns>
    /// <remarks>Consumer thread only; wait-free, no allocation.</remarks>
    public int Read(Span<T> destination)
    {
        long read = _indices.Read; // only the consumer moves it
        int count = (int)Math.Min(destination.Length, Volatile.Read(ref _indices.Written) - read);
        if (count <= 0)
        {
            return 0;
        }

        int start = (int)(read & _mask);
        int first = Math.Min(count, _buffer.Length - start);
        _buffer.AsSpan(start, first).CopyTo(destination);
        _buffer.AsSpan(0, count - first).CopyTo(destination[first..]);
        Volatile.Write(ref _indices.Read, read + count);
        return count;
    }

    /// <summary>Takes the oldest value unless the ring is empty.</summary>
    /// <returns><see langword="false"/> when the ring is empty (<paramref name="value"/> is default).</returns>
    /// <remarks>Consumer thread only; wait-free, no allocation.</remarks>
    public bool TryRead(out T value)
    {
        long read = _indices.Read;
        if (read == Volatile.Read(ref _indices.Written))
        {
            value = default;
            return false;
        }

        value = _buffer[(int)(read & _mask)];
        Volatile.Write(ref _indices.Read, read + 1);
        return true;
    }
}

/// <summary>The two indices of a <see cref="SpscRing{T}"/>, each on its own cache line (a generic type cannot have
/// explicit layout itself).</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct SpscRingIndices
{
    [FieldOffset(64)]
    public long Read;

    [FieldOffset(128)]
    public long Written;
}
