namespace NomadMuse.State;

/// <summary>
/// Statistics of the player's last <see cref="Capacity"/> note velocities (seed §3.5.1): the velocities themselves,
/// their mean and variance, as an immutable value.
/// </summary>
/// <remarks>
/// <see cref="Record(int)"/> returns a new instance and leaves this one unchanged, so a snapshot never changes under
/// a reader; it allocates one small object and a 100-byte array. Mean and variance are kept from exact integer sums,
/// so they do not drift however many notes pass through the window. The variance is the population variance
/// (divided by <see cref="Count"/>), which the generator's adaptive temperature uses as σ².
/// </remarks>
public sealed class PerformanceStats
{
    /// <summary>How many recent velocities are kept (100, as in seed §3.5.1).</summary>
    public const int Capacity = 100;

    private readonly byte[] _ring;
    private readonly int _oldest;
    private readonly long _sum;
    private readonly long _sumOfSquares;

    private PerformanceStats(byte[] ring, int oldest, int count, long sum, long sumOfSquares)
    {
        _ring = ring;
        _oldest = oldest;
        Count = count;
        _sum = sum;
        _sumOfSquares = sumOfSquares;
    }

    /// <summary>No velocities recorded.</summary>
    public static PerformanceStats Empty { get; } = new(new byte[Capacity], 0, 0, 0, 0);

    /// <summary>How many velocities are in the window (0 to <see cref="Capacity"/>).</summary>
    public int Count { get; }

    /// <summary>The mean velocity of the window, or 0 when empty.</summary>
    public double Mean => Count == 0 ? 0 : (double)_sum / Count;

    /// <summary>The population variance of the window, or 0 when empty.</summary>
    public double Variance => Count == 0 ? 0 : ((double)((Count * _sumOfSquares) - (_sum * _sum))) / ((double)Count * Count);

    /// <summary>The population standard deviation of the window, or 0 when empty.</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>The velocity at <paramref name="index"/>, 0 being the oldest in the window.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not below <see cref="Count"/>.</exception>
    public int this[int index] => (uint)index < (uint)Count
        ? _ring[(_oldest + index) % Capacity]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"The window holds {Count} velocities.");

    /// <summary>The most recent velocity.</summary>
    /// <exception cref="InvalidOperationException">The window is empty.</exception>
    public int Latest => Count > 0 ? this[Count - 1] : throw new InvalidOperationException("No velocity has been recorded.");

    /// <summary>Returns statistics with <paramref name="velocity"/> added (dropping the oldest once full).</summary>
    /// <param name="velocity">A MIDI velocity, 0–127.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="velocity"/> is outside 0–127.</exception>
    public PerformanceStats Record(int velocity) => Record([velocity]);

    /// <summary>Returns statistics with <paramref name="velocities"/> added in order (one allocation for the batch).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A velocity is outside 0–127.</exception>
    public PerformanceStats Record(ReadOnlySpan<int> velocities)
    {
        foreach (int v in velocities)
        {
            if (v is < 0 or > 127)
            {
                throw new ArgumentOutOfRangeException(nameof(velocities), v, "MIDI velocities run from 0 to 127.");
            }
        }

        if (velocities.IsEmpty)
        {
            return this;
        }

        byte[] ring = (byte[])_ring.Clone();
        int oldest = _oldest, count = Count;
        long sum = _sum, sumOfSquares = _sumOfSquares;
        foreach (int v in velocities)
        {
            if (count == Capacity)
            {
                int dropped = ring[oldest];
                sum -= dropped;
                sumOfSquares -= dropped * dropped;
                ring[oldest] = (byte)v;
                oldest = (oldest + 1) % Capacity;
            }
            else
            {
                ring[(oldest + count) % Capacity] = (byte)v;
                count++;
            }

            sum += v;
            sumOfSquares += v * v;
        }

        return new PerformanceStats(ring, oldest, count, sum, sumOfSquares);
    }

    /// <summary>Copies the window, oldest first, into <paramref name="destination"/>; returns <see cref="Count"/>.</summary>
    /// <remarks>Allocation-free; any thread.</remarks>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Count"/>.</exception>
    public int CopyTo(Span<int> destination)
    {
        if (destination.Length < Count)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; {Count} are needed.", nameof(destination));
        }

        for (int i = 0; i < Count; i++)
        {
            destination[i] = _ring[(_oldest + i) % Capacity];
        }

        return Count;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Count} velocities, mean {Mean:F1}, σ {StandardDeviation:F1}";
}
