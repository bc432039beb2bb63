using System.Runtime.InteropServices;

namespace NomadMuse.Generation.Runtime.Realtime;

/// <summary>
/// A bounded single-producer / single-consumer ring of values: wait-free on both sides, allocation-free after
/// construction. The producer writes the slot, then publishes it with a release store of the tail; the consumer
/// reads the tail with an acquire load, copies the slot out, then releases it with a store of the head.
/// </summary>
/// <remarks>
/// Exactly one thread may call <see cref="TryWrite"/> and exactly one (possibly other) thread <see cref="TryRead"/>
/// at a time; <see cref="Count"/> may be read from anywhere (a momentary value). Head and tail live on separate
/// cache lines so the two sides do not contend.
/// </remarks>
internal sealed class SpscRing<T>
    where T : struct
{
    private readonly T[] _slots;
    private readonly int _mask;
    private SpscRingIndices _indices;

    /// <summary>Creates a ring holding up to <paramref name="capacity"/> values (rounded up to a power of two).</summary>
    public SpscRing(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capacity, 1 << 20);
        int size = 1;
        while (size < capacity)
        {
            size <<= 1;
        }

        _slots = new T[size];
        _mask = size - 1;
    }

    /// <summary>Slots in the ring.</summary>
    public int Capacity => _slots.Length;

    /// <summary>Values written and not yet read (a snapshot).</summary>
    public int Count => (int)(Volatile.Read(ref _indices.Tail) - Volatile.Read(ref _indices.Head));

    /// <summary>Producer only: appends a value unless the ring is full.</summary>
    public bool TryWrite(in T value)
    {
        long tail = _indices.Tail; // only the producer writes it
        if (tail - Volatile.Read(ref _indices.Head) >= _slots.Length)
        {
            return false;
        }

        _slots[(int)tail & _mask] = value;
        Volatile.Write(ref _indices.Tail, tail + 1);
        return true;
    }

    /// <summary>Consumer only: takes the oldest value unless the ring is empty.</summary>
    public bool TryRead(out T value)
    {
        long head = _indices.Head; // only the consumer writes it
        if (head == Volatile.Read(ref _indices.Tail))
        {
            value = default;
            return false;
        }

        value = _slots[(int)head & _mask];
        Volatile.Write(ref _indices.Head, head + 1);
        return true;
    }
}

/// <summary>Head and tail of a <see cref="SpscRing{T}"/> on separate cache lines (a generic type cannot have explicit layout).</summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
internal struct SpscRingIndices
{
    [FieldOffset(64)]
    public long Head;

    [FieldOffset(128)]
    public long Tail;
}
