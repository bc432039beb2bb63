namespace NomadMuse.Testing;

/// <summary>Measures the managed allocation of a real-time call on the current thread.</summary>
/// <remarks>
/// A single before/after reading of <see cref="GC.GetAllocatedBytesForCurrentThread"/> is not a sound test: the
/// runtime itself occasionally allocates a few bytes on the calling thread (tiered JIT promotion, call-counting
/// completion), which once turned CI red with 24 bytes over 100 allocation-free steps. Such an allocation is a one-off,
/// while an allocation in the code under test repeats on every call, so the smallest of several rounds is zero exactly
/// when the code allocates nothing.
/// </remarks>
internal static class AllocationProbe
{
    /// <summary>
    /// Calls <paramref name="action"/> <paramref name="warmUpCalls"/> times, then measures <paramref name="rounds"/>
    /// rounds of <paramref name="calls"/> calls each and returns the smallest number of bytes a round allocated.
    /// </summary>
    public static long MinAllocatedBytes(Action action, int calls = 20, int rounds = 5, int warmUpCalls = 3)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 2);
        for (int i = 0; i < warmUpCalls; i++)
        {
            action();
        }

        long least = long.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                action();
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
