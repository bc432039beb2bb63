namespace NomadMuse.Generation.Evaluation;

/// <summary>
/// Accumulates next-token prediction quality: perplexity and top-1 / top-5 accuracy.
/// </summary>
/// <remarks>
/// Feed it the predicted distribution and the token that actually came next, one position at a time. A token's
/// rank is the number of tokens with a strictly higher probability, plus those with an equal probability and a
/// lower id (a deterministic tie-break, so a uniform guess is not counted as a hit). Allocation-free.
/// </remarks>
public sealed class PredictionScore
{
    // Probabilities below this floor are clamped so one impossible token cannot make the perplexity infinite;
    // 1e-10 costs 23 nats, far worse than any real model's token.
    private const double ProbabilityFloor = 1e-10;

    private double _negativeLogLikelihood;
    private long _top1;
    private long _top5;

    /// <summary>The number of scored positions.</summary>
    public long Count { get; private set; }

    /// <summary>exp(mean negative log-likelihood) per token; <see cref="double.NaN"/> before the first position.</summary>
    public double Perplexity => Count == 0 ? double.NaN : Math.Exp(_negativeLogLikelihood / Count);

    /// <summary>Mean negative log-likelihood in nats per token.</summary>
    public double CrossEntropy => Count == 0 ? double.NaN : _negativeLogLikelihood / Count;

    /// <summary>Share of positions where the actual token was the most probable one.</summary>
    public double Top1 => Count == 0 ? double.NaN : (double)_top1 / Count;

    /// <summary>Share of positions where the actual token was among the five most probable.</summary>
    public double Top5 => Count == 0 ? double.NaN : (double)_top5 / Count;

    /// <summary>Scores one position.</summary>
    /// <param name="probabilities">The predicted distribution over the vocabulary.</param>
    /// <param name="actual">The token that came next.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="actual"/> is outside the distribution.</exception>
    public void Add(ReadOnlySpan<float> probabilities, int actual)
    {
        if ((uint)actual >= (uint)probabilities.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(actual), actual, $"The distribution has {probabilities.Length} entries.");
        }

        float target = probabilities[actual];
        int rank = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            float v = probabilities[i];
            if (v > target || (v == target && i < actual))
            {
                rank++;
            }
        }

        _negativeLogLikelihood -= Math.Log(Math.Max(target, ProbabilityFloor));
        Count++;
        if (rank == 0)
        {
            _top1++;
        }

        if (rank < 5)
        {
            _top5++;
        }
    }

    /// <summary>Adds another score's positions to this one.</summary>
    /// <param name="other">The score to merge.</param>
    public void Merge(PredictionScore other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _negativeLogLikelihood += other._negativeLogLikelihood;
        _top1 += other._top1;
        _top5 += other._top5;
        Count += other.Count;
    }
}
