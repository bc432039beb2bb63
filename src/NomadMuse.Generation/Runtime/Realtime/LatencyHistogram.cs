using System.Diagnostics;

namespace NomadMuse.Generation.Runtime.Realtime;

/// <summary>
/// A lock-free latency histogram with four logarithmic buckets per octave of microseconds (bucket edges
/// 2^(i/4) − 1 µs, so every percentile is reported within 19 % above the true value), from under 1 µs to hours.
/// </summary>
/// <remarks>
/// <see cref="Record"/> allocates nothing and takes no lock (interlocked increments), so a worker or audio thread
/// may call it; any thread may read percentiles at any time (a momentary, possibly slightly inconsistent view).
/// </remarks>
public sealed class LatencyHistogram
{
    private const int BucketsPerOctave = 4;
    private const int BucketCount = 160;

    private readonly long[] _buckets = new long[BucketCount];
    private long _count;
    private long _maxTicks;

    /// <summary>Recorded samples.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>The largest recorded latency, in microseconds.</summary>
    public double MaxMicroseconds => Interlocked.Read(ref _maxTicks) * 1e6 / Stopwatch.Frequency;

    /// <summary>Records one latency measured in <see cref="Stopwatch"/> ticks. Allocation-free, lock-free.</summary>
    /// <param name="elapsedTicks">The latency; negative values count as 0.</param>
    public void Record(long elapsedTicks)
    {
        long ticks = Math.Max(0, elapsedTicks);
        double micros = ticks * 1e6 / Stopwatch.Frequency;
        int bucket = Math.Min(BucketCount - 1, (int)(BucketsPerOctave * Math.Log2(micros + 1)));
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
        long max = Interlocked.Read(ref _maxTicks);
        while (ticks > max)
        {
            long seen = Interlocked.CompareExchange(ref _maxTicks, ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The latency below which a fraction <paramref name="quantile"/> of samples fall, in microseconds (the upper edge of its bucket; 0 when empty).</summary>
    /// <param name="quantile">0–1, e.g. 0.5 or 0.99.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quantile"/> is outside 0–1.</exception>
    public double PercentileMicroseconds(double quantile)
    {
        if (!(quantile is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "The quantile must be 0–1.");
        }

        long total = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            total += Interlocked.Read(ref _buckets[i]);
        }

        if (total == 0)
        {
            return 0;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(quantile * total)), seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return Math.Min(Math.Pow(2, (i + 1) / (double)BucketsPerOctave) - 1, MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }
}
