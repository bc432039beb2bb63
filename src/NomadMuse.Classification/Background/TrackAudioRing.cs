namespace NomadMuse.Classification.Background;

/// <summary>
/// A single-producer, single-consumer ring of mono samples for one track: the audio thread writes a whole
/// interleaved buffer (downmixed to mono on the way in) or nothing, the classification thread reads. Wait-free on both
/// sides; neither allocates after construction.
/// </summary>
/// <remarks>
/// <para>Exactly one thread may call <see cref="TryWriteDownmixed"/> and exactly one (other) thread <see cref="Read"/>.
/// The indices only grow (64-bit, so they never wrap in practice); each side publishes its index with a release write
/// after touching the data and reads the other's with an acquire read.</para>
/// <para>Downmixing on the producer side halves (stereo) the ring's memory and copies, and the classifier hears mono
/// anyway. When the ring is full the newest buffer is refused: only the consumer may move the read index, so
/// dropping the oldest audio would need a lock or a second index.</para>
/// </remarks>
internal sealed class TrackAudioRing
{
    private readonly float[] _buffer;
    private readonly int _mask;
    private long _written;
    private long _read;

    /// <summary>Creates a ring holding at least <paramref name="minimumCapacity"/> mono samples (rounded up to a power of two).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The capacity is not 1 to 2^28.</exception>
    public TrackAudioRing(int minimumCapacity)
    {
        if (minimumCapacity is < 1 or > 1 << 28)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumCapacity), minimumCapacity, "The ring holds 1 to 2^28 samples.");
        }

        int capacity = 1;
        while (capacity < minimumCapacity)
        {
            capacity <<= 1;
        }

        _buffer = new float[capacity];
        _mask = capacity - 1;
    }

    /// <summary>Capacity in mono samples.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Samples written and not yet read (a snapshot; either side may call it).</summary>
    public int Count => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _read));

    /// <summary>Writes the mono average of every frame of <paramref name="interleaved"/>, or nothing when they do not all fit.</summary>
    /// <param name="interleaved">Whole frames of <paramref name="channels"/> samples (the caller checks).</param>
    /// <param name="channels">Interleaved channels, 1 or more.</param>
    /// <returns><see langword="false"/> when there was not room for every frame (nothing is written).</returns>
    /// <remarks>Producer thread only; wait-free, no allocation.</remarks>
    public bool TryWriteDownmixed(ReadOnlySpan<float> interleaved, int channels)
    {
        int frames = interleaved.Length / channels;
        long written = _written;
        long free = _buffer.Length - (written - Volatile.Read(ref _read));
        if (frames > free)
        {
            return false;
        }

        int start = (int)(written & _mask);
        if (channels == 1)
        {
            int first = Math.Min(frames, _buffer.Length - start);
            interleaved[..first].CopyTo(_buffer.AsSpan(start));
            interleaved[first..frames].CopyTo(_buffer);
        }
        else
        {
            float scale = 1f / channels;
            for (int f = 0, i = 0; f < frames; f++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++)
                {
                    sum += interleaved[i++];
                }

                _buffer[(start + f) & _mask] = sum * scale;
            }
        }

        Volatile.Write(ref _written, written + frames);
        return true;
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length samples.</summary>
    /// <returns>The number of samples read.</returns>
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
