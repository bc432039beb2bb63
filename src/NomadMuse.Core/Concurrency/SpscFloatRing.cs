using System.Numerics;

namespace NomadMuse.Core.Concurrency;

/// <summary>
/// A single-producer, single-consumer ring of floats for handing audio from a real-time thread to a background one.
/// A write is all or nothing; both sides are wait-free and allocate nothing after construction.
/// </summary>
/// <remarks>
/// <para>Exactly one thread may write (<see cref="TryWrite"/>, or <see cref="TryReserve"/> then <see cref="Commit"/>)
/// and exactly one other thread may <see cref="Read"/>. The indices only grow (64-bit, so they never wrap in
/// practice); each side publishes its index with a release write after touching the data and reads the other's with
/// an acquire read.</para>
/// <para>A full ring refuses the newest data rather than overwriting the oldest: only the consumer may move the read
/// index, so dropping old data would need a lock or a second index. Callers count what was refused.</para>
/// </remarks>
public sealed class SpscFloatRing
{
    /// <summary>The largest capacity a ring can have, in floats.</summary>
    public const int MaxCapacity = 1 << 30;

    private readonly float[] _buffer;
    private readonly int _mask;
    private long _written;
    private long _read;

    // Producer-only: lets Commit reject a count the producer never reserved.
    private int _reserved;

    /// <summary>Creates a ring holding at least <paramref name="minimumCapacity"/> floats.</summary>
    /// <param name="minimumCapacity">1 to <see cref="MaxCapacity"/>; rounded up to a power of two so that an index
    /// maps to a slot with a mask.</param>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not 1 to <see cref="MaxCapacity"/>.</exception>
    public SpscFloatRing(int minimumCapacity)
    {
        if (minimumCapacity is < 1 or > MaxCapacity)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumCapacity), minimumCapacity, "The ring holds 1 to 2^30 floats.");
        }

        _buffer = new float[BitOperations.RoundUpToPowerOf2((uint)minimumCapacity)];
        _mask = _buffer.Length - 1;
    }

    /// <summary>Capacity in floats (a power of two).</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Floats written and not yet read (a snapshot; either side may call it).</summary>
    public int Count => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _read));

    /// <summary>Writes all of <paramref name="data"/>, or nothing when it does not fit.</summary>
    /// <returns><see langword="false"/> when there was not room for all of it (nothing is written).</returns>
    /// <remarks>Producer thread only; wait-free, no allocation.</remarks>
    public bool TryWrite(ReadOnlySpan<float> data)
    {
        if (!TryReserve(data.Length, out Span<float> first, out Span<float> second))
        {
            return false;
        }

        data[..first.Length].CopyTo(first);
        data[first.Length..].CopyTo(second);
        Commit(data.Length);
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
    /// <remarks>Producer thread only; wait-free, no allocation. The spans are valid until the next call to
    /// <see cref="TryReserve"/>, <see cref="TryWrite"/> or <see cref="Commit"/>.</remarks>
    public bool TryReserve(int count, out Span<float> first, out Span<float> second)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        long written = _written;
        if (count > _buffer.Length - (written - Volatile.Read(ref _read)))
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
        Volatile.Write(ref _written, _written + count);
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length floats, oldest first.</summary>
    /// <returns>The number of floats read; 0 when the ring is empty.</returns>
    /// <remarks>Consumer thread only; wait-free, no allocation.</remarks>
    public int Read(Span<float> destination)
    {
        long read = _read;
        int count = (int)Math.Min(destination.Length, Volatile.Read(ref _written) - read);
        if (count <= 0)
        {
            return 0;
        }

        int start = (int)(read & _mask);
        int first = Math.Min(count, _buffer.Length - start);
        _buffer.AsSpan(start, first).CopyTo(destination);
        _buffer.AsSpan(0, count - first).CopyTo(destination[first..]);
        Volatile.Write(ref _read, read + count);
        return count;
    }
}
