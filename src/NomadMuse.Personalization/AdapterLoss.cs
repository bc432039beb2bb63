using System.Numerics.Tensors;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;

namespace NomadMuse.Personalization;

/// <summary>
/// The adapter's training loss over rows of logits: weighted cross-entropy for accepted tokens and, for rejected
/// ones, either weighted unlikelihood or weighted cross-entropy (<see cref="RejectedHandling"/>). Normalised by the
/// total weight, like <see cref="CrossEntropyLoss"/> with sample weights.
/// </summary>
public static class AdapterLoss
{
    /// <summary>1 − p is clamped to this before the log, so a rejected token the model is sure of gives a finite loss.</summary>
    public const double MinimumComplement = 1e-6;

    /// <summary>Computes the loss and overwrites <paramref name="gradient"/> with dL/dlogits.</summary>
    /// <param name="logits"><c>[rows × 258]</c>.</param>
    /// <param name="targets">The next token of each row.</param>
    /// <param name="weights">Each row's weight (1 accepted, 0.1 rejected); rows of weight 0 contribute nothing.</param>
    /// <param name="rejected">Whether each row comes from a rejected sequence.</param>
    /// <param name="handling">What a rejected row's loss is.</param>
    /// <param name="baseLogits">The frozen model's <c>[rows × 258]</c> logits; needed for <see cref="RejectedHandling.NoIncrease"/>, else may be empty.</param>
    /// <param name="gradient"><c>[rows × 258]</c>, overwritten.</param>
    /// <returns>Σ w·ℓ / Σ w (0 when every weight is 0).</returns>
    /// <exception cref="ArgumentException">The spans do not describe the same rows.</exception>
    public static float Compute(ReadOnlySpan<float> logits, ReadOnlySpan<int> targets, ReadOnlySpan<float> weights,
        ReadOnlySpan<bool> rejected, RejectedHandling handling, ReadOnlySpan<float> baseLogits, Span<float> gradient)
    {
        const int v = GeneratorConfig.Vocabulary;
        int rows = targets.Length;
        if (logits.Length != rows * v || gradient.Length != logits.Length || weights.Length != rows || rejected.Length != rows)
        {
            throw new ArgumentException($"Adapter loss: {rows} targets need {rows}×258 logits and gradients and {rows} weights and flags.", nameof(logits));
        }

        if (handling == RejectedHandling.NoIncrease && baseLogits.Length != logits.Length)
        {
            throw new ArgumentException($"Adapter loss: NoIncrease needs the frozen model's {rows}×258 logits.", nameof(baseLogits));
        }

        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            total += weights[r];
        }

        gradient.Clear();
        if (total <= 0)
        {
            return 0f;
        }

        double loss = 0;
        Span<float> pf = stackalloc float[v]; // the frozen model's probabilities of a NoIncrease row
        for (int r = 0; r < rows; r++)
        {
            float w = weights[r];
            int t = targets[r];
            if (w == 0)
            {
                continue;
            }

            if ((uint)t >= v)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"Row {r}: the target must be a token 0–257.");
            }

            Span<float> g = gradient.Slice(r * v, v);
            double logSum = SoftmaxInto(logits.Slice(r * v, v), g); // g now holds p
            double scale = w / total;
            if (rejected[r] && handling == RejectedHandling.NoIncrease)
            {
                // ℓ = KL(p_frozen ‖ p) + max(0, log p_t − log p_frozen,t).
                // dKL/dz = p − p_frozen; where the hinge is positive it adds onehot_t − p.
                double frozenLogSum = SoftmaxInto(baseLogits.Slice(r * v, v), pf);
                double kl = 0;
                for (int j = 0; j < v; j++)
                {
                    if (pf[j] > 0f)
                    {
                        kl += pf[j] * ((baseLogits[(r * v) + j] - frozenLogSum) - (logits[(r * v) + j] - logSum));
                    }
                }

                double gain = (logits[(r * v) + t] - logSum) - (baseLogits[(r * v) + t] - frozenLogSum);
                loss += scale * (kl + Math.Max(0, gain));
                bool active = gain > 0;
                for (int j = 0; j < v; j++)
                {
                    // Hinge active: (p − p_frozen) + (onehot − p) = onehot − p_frozen.
                    g[j] = (float)(scale * ((active ? 0f : g[j]) - pf[j]));
                }

                if (active)
                {
                    g[t] += (float)scale;
                }
            }
            else if (rejected[r] && handling == RejectedHandling.Unlikelihood)
            {
                // ℓ = −log(1 − p_t); dℓ/dz_j = p_t/(1 − p_t)·(δ_jt − p_j).
                double pt = g[t];
                double complement = Math.Max(1 - pt, MinimumComplement);
                loss += scale * -Math.Log(complement);
                float k = (float)(scale * pt / complement);
                for (int j = 0; j < v; j++)
                {
                    g[j] = -k * g[j];
                }

                g[t] += k;
            }
            else
            {
                loss += scale * (logSum - logits[(r * v) + t]);
                for (int j = 0; j < v; j++)
                {
                    g[j] = (float)(scale * g[j]);
                }

                g[t] -= (float)scale;
            }
        }

        return (float)loss;
    }

    private static double LogProbability(ReadOnlySpan<float> z, int t)
    {
        float max = TensorPrimitives.Max(z);
        double sum = 0;
        for (int c = 0; c < z.Length; c++)
        {
            sum += Math.Exp(z[c] - max);
        }

        return z[t] - max - Math.Log(sum);
    }

    /// <summary>Writes softmax(z) into p and returns logsumexp(z), max subtracted first.</summary>
    private static double SoftmaxInto(ReadOnlySpan<float> z, Span<float> p)
    {
        float max = TensorPrimitives.Max(z);
        double sum = 0;
        for (int c = 0; c < z.Length; c++)
        {
            float e = MathF.Exp(z[c] - max);
            p[c] = e;
            sum += e;
        }

        TensorPrimitives.Multiply(p, (float)(1.0 / sum), p);
        return max + Math.Log(sum);
    }
}
