namespace NomadMuse.Core.Training;

/// <summary>
/// Linear warm-up to a peak learning rate, then cosine decay to a floor (the seed's
/// <c>cosine_with_warmup</c>).
/// </summary>
/// <remarks>
/// For the 0-based update index s, with warm-up W and total S:
/// <c>lr(s) = peak·(s + 1)/W</c> for s &lt; W (so the first update already moves; the last warm-up step is the
/// peak), then with progress p = min(1, (s − W)/max(1, S − W)):
/// <c>lr(s) = min + (peak − min)·½·(1 + cos(π·p))</c>. Steps past S stay at the floor. Immutable; thread-safe.
/// </remarks>
public sealed class WarmupCosineSchedule
{
    /// <summary>Creates the schedule.</summary>
    /// <param name="peakLearningRate">The rate at the end of warm-up, &gt; 0.</param>
    /// <param name="warmupSteps">W ≥ 0 (0: start at the peak).</param>
    /// <param name="totalSteps">S ≥ W, the update count at which the floor is reached.</param>
    /// <param name="minimumLearningRate">The floor, in [0, peak].</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public WarmupCosineSchedule(float peakLearningRate, long warmupSteps, long totalSteps, float minimumLearningRate = 0f)
    {
        if (!(peakLearningRate > 0f) || float.IsPositiveInfinity(peakLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(peakLearningRate), peakLearningRate, "Must be positive and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        if (totalSteps < warmupSteps)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, $"Must be at least the warm-up ({warmupSteps}).");
        }

        if (!(minimumLearningRate >= 0f && minimumLearningRate <= peakLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumLearningRate), minimumLearningRate, $"Must be in [0, {peakLearningRate}].");
        }

        PeakLearningRate = peakLearningRate;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        MinimumLearningRate = minimumLearningRate;
    }

    /// <summary>The peak.</summary>
    public float PeakLearningRate { get; }

    /// <summary>W.</summary>
    public long WarmupSteps { get; }

    /// <summary>S.</summary>
    public long TotalSteps { get; }

    /// <summary>The floor.</summary>
    public float MinimumLearningRate { get; }

    /// <summary>The learning rate for the 0-based update index <paramref name="step"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The step is negative.</exception>
    public float LearningRateAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps)
        {
            return (float)((double)PeakLearningRate * (step + 1) / WarmupSteps);
        }

        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / Math.Max(1, TotalSteps - WarmupSteps));
        return (float)(MinimumLearningRate + (PeakLearningRate - MinimumLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
