namespace NomadMuse.Classification.Background;

/// <summary>
/// A small fixed set of "please create this track" requests that audio threads post when they feed a track nobody
/// registered, and the classification thread takes: lock-free and allocation-free for any number of posters.
/// </summary>
/// <remarks>
/// Each slot holds a packed (track id, sample rate) or 0 for empty; posters claim an empty slot with a
/// compare-and-swap, the one consumer empties slots with an exchange. A request already pending is not posted twice
/// (a race may still post a duplicate; the consumer ignores tracks that exist).
/// </remarks>
internal sealed class PendingTrackRequests
{
    private readonly long[] _slots;

    /// <summary>Creates room for <paramref name="capacity"/> pending requests.</summary>
    public PendingTrackRequests(int capacity) => _slots = new long[capacity];

    /// <summary>Posts a request unless the same one is pending.</summary>
    /// <param name="trackId">0 or more.</param>
    /// <param name="sampleRate">Above 0 (so a packed request is never 0).</param>
    /// <returns><see langword="false"/> when every slot is taken.</returns>
    /// <remarks>Any thread; lock-free, no allocation.</remarks>
    public bool TryPost(int trackId, int sampleRate)
    {
        long request = ((long)trackId << 32) | (uint)sampleRate;
        for (int i = 0; i < _slots.Length; i++)
        {
            if (Volatile.Read(ref _slots[i]) == request)
            {
                return true;
            }
        }

        for (int i = 0; i < _slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _slots[i], request, 0) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Takes slot <paramref name="index"/>'s request, if any.</summary>
    /// <remarks>The one consumer thread; call for every index from 0 to <see cref="Capacity"/> − 1.</remarks>
    public bool TryTake(int index, out int trackId, out int sampleRate)
    {
        long request = Interlocked.Exchange(ref _slots[index], 0);
        trackId = (int)(request >> 32);
        sampleRate = (int)(request & 0xFFFF_FFFF);
        return request != 0;
    }

    /// <summary>Number of slots.</summary>
    public int Capacity => _slots.Length;
}
