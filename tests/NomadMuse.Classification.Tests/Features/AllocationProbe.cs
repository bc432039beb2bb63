namespace NomadMuse.Classification.Tests.Features;

/// <summary>Measures managed allocation of a real-time call on the current thread.</summary>
internal static class AllocationProbe
{
    /// <summary>
    /// Warms <paramref name="action"/> up, then measures three rounds of <paramref name="calls"/> calls and returns the
    /// smallest byte count. A per-call allocation shows in every round; a one-off runtime allocation on this thread
    /// (tiered JIT, a test-framework callback) shows in one round at most.
    /// </summary>
    public static long MinAllocatedBytes(Action action, int calls = 20)
    {
        for (int i = 0; i < 3; i++)
        {
            action();
        }

        long best = long.MaxValue;
        for (int round = 0; round < 3; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < calls; i++)
            {
                action();
            }

            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }
}
