namespace NomadMuse.Analysis.Background;

/// <summary>
/// A single-producer, single-consumer ring of floats: the audio thread writes whole buffers or nothing, one
/// background thread reads. Wait-free on both sides; neither allocates after construction.
/// </summary>
/// <remarks>
/// Exactly one thread may call <see cref="TryWrite"/> and exactly one (other) thread <see cref="Read"/>. The
/// indices only grow (64-bit, so they never wrap in practice); each side publishes its index with a release write
/// after touching the data and reads the other's with an acquire read.
/// </remarks>
internal sealed class SpscFloatRing
{
    private readonly float[] _buffer;
    private readonly int _mask;
    private long _written;
    private long _read;

    /// <summary>Creates a ring holding at least <paramref name="minimumCapacity"/> floats (rounded up to a power of two).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not 1 to 2^30.</exception>
    public SpscFloatRing(int minimumCapacity)
    {
        if (minimumCapacity is < 1 or > 1 << 30)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumCapacity), minimumCapacity, "The ring holds 1 to 2^30 floats.");
        }

        int capacity = 1;
        while (capacity < minimumCapacity)
        {
            capacity <<= 1;
        }

        _buffer = new float[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Capacity in floats.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Floats written and not yet read (a snapshot; either side may call it).</summary>
    public int Count => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _read));

    /// <summary>Writes all of <paramref name="data"/>, or nothing when it does not fit.</summary>
    /// <returns><see langword="false"/> when there was not room for all of it (nothing is written).</returns>
    /// <remarks>Producer thread only; wait-free, no allocation.</remarks>
    public bool TryWrite(ReadOnlySpan<float> data)
    {
        long written = _written;
        long free = _buffer.Length - (written - Volatile.Read(ref _read));
        if (data.Length > free)
        {
            return false;
        }

        int start = (int)(written & _mask);
        int first = Math.Min(data.Length, _buffer.Length - start);
        data[..first].CopyTo(_buffer.AsSpan(start));
        data[first..].CopyTo(_buffer);
        Volatile.Write(ref _written, written + data.Length);
        return true;
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length floats.</summary>
    /// <returns>The number of floats read.</returns>
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
