using System.Numerics.Tensors;

namespace NomadMuse.Core.Neural;

/// <summary>
/// Numerically safe softmax and log-softmax with temperature: <c>p = softmax(z / T)</c>, computed after subtracting
/// the maximum so large logits never overflow.
/// </summary>
/// <remarks>All methods work on one row, allocate nothing and are thread-safe.</remarks>
public static class Softmax
{
    /// <summary>Writes <c>softmax(logits / temperature)</c>; <paramref name="probabilities"/> may be <paramref name="logits"/>.</summary>
    /// <param name="logits">One row of logits (not empty).</param>
    /// <param name="probabilities">Receives the probabilities (same length).</param>
    /// <param name="temperature">T &gt; 0; above 1 flattens, below 1 sharpens.</param>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not positive.</exception>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    public static void Apply(ReadOnlySpan<float> logits, Span<float> probabilities, float temperature = 1f)
    {
        Check(logits, probabilities, temperature);
        float max = TensorPrimitives.Max(logits);
        float inv = 1f / temperature;
        // Subtract first: (z − max) is exact near the top, where it matters.
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Multiply(probabilities, inv, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        float sum = TensorPrimitives.Sum(probabilities);
        TensorPrimitives.Multiply(probabilities, 1f / sum, probabilities);
    }

    /// <summary>Writes <c>log_softmax(logits / temperature)</c>; the spans may be the same.</summary>
    /// <param name="logits">One row of logits (not empty).</param>
    /// <param name="logProbabilities">Receives the log-probabilities (same length).</param>
    /// <param name="temperature">T &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not positive.</exception>
    /// <exception cref="ArgumentException">The spans are empty or differ in length.</exception>
    public static void ApplyLog(ReadOnlySpan<float> logits, Span<float> logProbabilities, float temperature = 1f)
    {
        Check(logits, logProbabilities, temperature);
        float max = TensorPrimitives.Max(logits);
        float inv = 1f / temperature;
        double sum = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            sum += Math.Exp((logits[i] - max) * inv);
        }

        float logSum = (float)Math.Log(sum);
        TensorPrimitives.Subtract(logits, max, logProbabilities);
        TensorPrimitives.Multiply(logProbabilities, inv, logProbabilities);
        TensorPrimitives.Subtract(logProbabilities, logSum, logProbabilities);
    }

    /// <summary>
    /// Back-propagates through <see cref="Apply"/>: dz = (p ⊙ (dp − ⟨p, dp⟩)) / T. <paramref name="gradLogits"/> is
    /// overwritten and may be <paramref name="gradProbabilities"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Backward(ReadOnlySpan<float> probabilities, ReadOnlySpan<float> gradProbabilities, Span<float> gradLogits, float temperature = 1f)
    {
        Check(probabilities, gradLogits, temperature);
        if (gradProbabilities.Length != probabilities.Length)
        {
            throw new ArgumentException("Lengths differ.", nameof(gradProbabilities));
        }

        float dot = TensorPrimitives.Dot(probabilities, gradProbabilities);
        float inv = 1f / temperature;
        for (int i = 0; i < probabilities.Length; i++)
        {
            gradLogits[i] = probabilities[i] * (gradProbabilities[i] - dot) * inv;
        }
    }

    /// <summary>
    /// Back-propagates through <see cref="ApplyLog"/>: dz = (dl − softmax·Σdl) / T, from the log-probabilities it
    /// produced. <paramref name="gradLogits"/> is overwritten and may be <paramref name="gradLogProbabilities"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void BackwardLog(ReadOnlySpan<float> logProbabilities, ReadOnlySpan<float> gradLogProbabilities, Span<float> gradLogits, float temperature = 1f)
    {
        Check(logProbabilities, gradLogits, temperature);
        if (gradLogProbabilities.Length != logProbabilities.Length)
        {
            throw new ArgumentException("Lengths differ.", nameof(gradLogProbabilities));
        }

        float total = TensorPrimitives.Sum(gradLogProbabilities);
        float inv = 1f / temperature;
        for (int i = 0; i < logProbabilities.Length; i++)
        {
            gradLogits[i] = (gradLogProbabilities[i] - MathF.Exp(logProbabilities[i]) * total) * inv;
        }
    }

    private static void Check(ReadOnlySpan<float> a, Span<float> b, float temperature)
    {
        if (!(temperature > 0f) || float.IsPositiveInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Must be positive and finite.");
        }

        if (a.IsEmpty || a.Length != b.Length)
        {
            throw new ArgumentException($"Rows must be non-empty and equal in length ({a.Length} vs {b.Length}).", nameof(a));
        }
    }
}
