using System.Runtime.CompilerServices;

namespace NomadMuse.Core.Training;

/// <summary>
/// Softmax cross-entropy over raw logits, with an ignore index (for PAD) and optional per-sample weights.
/// </summary>
/// <remarks>
/// <para>For rows i with target t_i ≠ ignoreIndex and weight w_i (1 when none are given):
/// <c>L = Σ w_i·(logsumexp(z_i) − z_i[t_i]) / Σ w_i</c> — PyTorch's <c>cross_entropy(reduction='mean')</c> with
/// <c>ignore_index</c>, normalised by the total weight as PyTorch does for class weights. The gradient is
/// <c>w_i·(softmax(z_i) − onehot(t_i)) / Σ w_i</c>; ignored rows get zeros. If every row is ignored (or weighs 0),
/// the loss and gradient are 0.</para>
/// <para>Allocation-free and thread-safe.</para>
/// </remarks>
public static class CrossEntropyLoss
{
    /// <summary>PyTorch's default ignore index.</summary>
    public const int DefaultIgnoreIndex = -100;

    /// <summary>Computes the mean loss and writes dL/dlogits.</summary>
    /// <param name="logits">[rows × classes].</param>
    /// <param name="classes">Classes per row.</param>
    /// <param name="targets">[rows] class indices, or <paramref name="ignoreIndex"/>.</param>
    /// <param name="gradLogits">Receives dL/dz [rows × classes] (overwritten).</param>
    /// <param name="ignoreIndex">Targets equal to this contribute nothing (e.g. the PAD token).</param>
    /// <param name="sampleWeights">Empty, or [rows] non-negative weights.</param>
    /// <returns>The weighted mean loss.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside [0, classes) and not ignored, or a weight is negative.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Compute(ReadOnlySpan<float> logits, int classes, ReadOnlySpan<int> targets, Span<float> gradLogits,
        int ignoreIndex = DefaultIgnoreIndex, ReadOnlySpan<float> sampleWeights = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        int rows = targets.Length;
        if (logits.Length != rows * classes || gradLogits.Length != logits.Length || (!sampleWeights.IsEmpty && sampleWeights.Length != rows))
        {
            throw new ArgumentException($"Expected logits and gradient of {rows}×{classes} and weights empty or [{rows}]; got {logits.Length}, {gradLogits.Length}, {sampleWeights.Length}.", nameof(logits));
        }

        double totalWeight = 0, totalLoss = 0;
        for (int i = 0; i < rows; i++)
        {
            int t = targets[i];
            Span<float> g = gradLogits.Slice(i * classes, classes);
            float w = sampleWeights.IsEmpty ? 1f : sampleWeights[i];
            if (w < 0f || float.IsNaN(w))
            {
                throw new ArgumentOutOfRangeException(nameof(sampleWeights), w, $"Weight of row {i} must be non-negative.");
            }

            if (t == ignoreIndex)
            {
                g.Clear();
                continue;
            }

            if ((uint)t >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"Target of row {i} must be in [0, {classes}) or the ignore index {ignoreIndex}.");
            }

            ReadOnlySpan<float> z = logits.Slice(i * classes, classes);
            double logSum = LogSumExp.Softmax(z, g);
            totalLoss += w * (logSum - z[t]);
            totalWeight += w;
            g[t] -= 1f;
            if (w != 1f)
            {
                Scale(g, w);
            }
        }

        if (totalWeight <= 0)
        {
            gradLogits.Clear();
            return 0f;
        }

        Scale(gradLogits, (float)(1.0 / totalWeight));
        return (float)(totalLoss / totalWeight);
    }

    private static void Scale(Span<float> values, float factor) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(values, factor, values);
}
