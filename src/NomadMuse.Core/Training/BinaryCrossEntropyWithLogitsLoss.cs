namespace NomadMuse.Core.Training;

/// <summary>
/// Binary cross-entropy on raw logits, in the overflow-free form
/// <c>ℓ = max(x, 0) − x·y + log(1 + e^(−|x|))</c>, averaged over elements (PyTorch
/// <c>binary_cross_entropy_with_logits</c>, mean); gradient <c>(σ(x) − y)/n</c>.
/// </summary>
/// <remarks>Targets may be soft labels in [0, 1]. Allocation-free and thread-safe.</remarks>
public static class BinaryCrossEntropyWithLogitsLoss
{
    /// <summary>Computes the loss and writes dL/dx.</summary>
    /// <param name="logits">x.</param>
    /// <param name="targets">y in [0, 1], same length.</param>
    /// <param name="gradLogits">Receives dL/dx (overwritten), same length.</param>
    /// <returns>The mean loss (0 for empty input).</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside [0, 1].</exception>
    public static float Compute(ReadOnlySpan<float> logits, ReadOnlySpan<float> targets, Span<float> gradLogits)
    {
        if (targets.Length != logits.Length || gradLogits.Length != logits.Length)
        {
            throw new ArgumentException($"Lengths differ: {logits.Length}, {targets.Length}, {gradLogits.Length}.", nameof(logits));
        }

        int n = logits.Length;
        if (n == 0)
        {
            return 0f;
        }

        double sum = 0;
        float inv = 1f / n;
        for (int i = 0; i < n; i++)
        {
            float x = logits[i], y = targets[i];
            if (!(y >= 0f && y <= 1f))
            {
                throw new ArgumentOutOfRangeException(nameof(targets), y, $"Target {i} must be in [0, 1].");
            }

            sum += Math.Max(x, 0f) - (double)x * y + Math.Log(1 + Math.Exp(-Math.Abs(x)));
            // σ(x) computed without overflow for either sign.
            float sigmoid = x >= 0 ? 1f / (1f + MathF.Exp(-x)) : MathF.Exp(x) / (1f + MathF.Exp(x));
            gradLogits[i] = (sigmoid - y) * inv;
        }

        return (float)(sum / n);
    }
}
