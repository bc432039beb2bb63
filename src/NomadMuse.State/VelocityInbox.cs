namespace NomadMuse.State;

/// <summary>
/// A bounded multi-producer, single-consumer queue of velocities (Vyukov's sequence-numbered ring): producers never
/// block, never allocate and never take a lock; a full queue rejects the value.
/// </summary>
internal sealed class VelocityInbox
{
    private readonly Slot[] _slots;
    private readonly int _mask;
    private long _enqueuePosition;
    private long _dequeuePosition;

    public VelocityInbox(int capacity)
    {
        if (capacity < 2 || (capacity & (capacity - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity is a power of two, at least 2.");
        }

        _slots = new Slot[capacity];
        _mask = capacity - 1;
        for (int i = 0; i < capacity; i++)
        {
            _slots[i].Sequence = i;
        }
    }

    public int Capacity => _slots.Length;

    /// <summary>Adds <paramref name="value"/>; <see langword="false"/> when full. Any thread; wait-free unless contended.</summary>
    public bool TryEnqueue(int value)
    {
        long position = Volatile.Read(ref _enqueuePosition);
        while (true)
        {
            ref Slot slot = ref _slots[position & _mask];
            long sequence = Volatile.Read(ref slot.Sequence);
            long difference = sequence - position;
            if (difference == 0)
            {
                long seen = Interlocked.CompareExchange(ref _enqueuePosition, position + 1, position);
                if (seen == position)
                {
                    slot.Value = value;
                    Volatile.Write(ref slot.Sequence, position + 1);
                    return true;
                }

                position = seen;
            }
            else if (difference < 0)
            {
                return false;
            }
            else
            {
                position = Volatile.Read(ref _enqueuePosition);
            }
        }
    }

    /// <summary>Takes the oldest value. Only one thread at a time may call it.</summary>
    public bool TryDequeue(out int value)
    {
        long position = _dequeuePosition;
        ref Slot slot = ref _slots[position & _mask];
        if (Volatile.Read(ref slot.Sequence) != position + 1)
        {
            value = 0;
            return false;
        }

        value = slot.Value;
        Volatile.Write(ref slot.Sequence, position + _slots.Length);
        _dequeuePosition = position + 1;
        return true;
    }

    private struct Slot
    {
        public long Sequence;
        public int Value;
    }
}
