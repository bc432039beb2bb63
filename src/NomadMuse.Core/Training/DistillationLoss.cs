namespace NomadMuse.Core.Training;

/// <summary>
/// Knowledge-distillation loss (Hinton et al., 2015): the KL divergence from the teacher's softened distribution to
/// the student's, at temperature T, scaled by T².
/// </summary>
/// <remarks>
/// <para>With p = softmax(teacher / T) and log q = log_softmax(student / T), over N rows:
/// <c>L = T² · (1/N) · Σ_i Σ_c p_ic·(log p_ic − log q_ic)</c> — PyTorch's
/// <c>kl_div(log q, p, reduction='batchmean') · T²</c>, the seed paper's <c>L_KD</c> (T = 3).</para>
/// <para>The gradient with respect to the student logits is <c>T·(q − p)/N</c>. The T² factor keeps its magnitude
/// comparable to a hard-label cross-entropy as T changes, so the paper's blend
/// <c>α·L_CE + (1 − α)·L_KD</c> (α = 0.3) is formed by the caller from this and <see cref="CrossEntropyLoss"/>.</para>
/// <para>The teacher gets no gradient. Allocation-free and thread-safe.</para>
/// </remarks>
public static class DistillationLoss
{
    /// <summary>Computes the loss and writes dL/d(student logits).</summary>
    /// <param name="studentLogits">[rows × classes].</param>
    /// <param name="teacherLogits">[rows × classes].</param>
    /// <param name="classes">Classes per row.</param>
    /// <param name="temperature">T &gt; 0 (the paper uses 3).</param>
    /// <param name="gradStudentLogits">Receives the gradient [rows × classes] (overwritten).</param>
    /// <returns>The batch-mean, T²-scaled KL divergence.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The temperature or class count is not positive.</exception>
    /// <exception cref="ArgumentException">The spans are not equal whole rows.</exception>
    public static float Compute(ReadOnlySpan<float> studentLogits, ReadOnlySpan<float> teacherLogits, int classes, float temperature, Span<float> gradStudentLogits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        if (!(temperature > 0f) || float.IsPositiveInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Must be positive and finite.");
        }

        if (studentLogits.Length % classes != 0 || teacherLogits.Length != studentLogits.Length || gradStudentLogits.Length != studentLogits.Length)
        {
            throw new ArgumentException($"Student, teacher and gradient must be equal whole rows of {classes}; got {studentLogits.Length}, {teacherLogits.Length}, {gradStudentLogits.Length}.", nameof(studentLogits));
        }

        int rows = studentLogits.Length / classes;
        if (rows == 0)
        {
            return 0f;
        }

        float inv = 1f / temperature;
        double total = 0;
        float gradScale = temperature / rows;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> s = studentLogits.Slice(i * classes, classes);
            ReadOnlySpan<float> t = teacherLogits.Slice(i * classes, classes);
            Span<float> g = gradStudentLogits.Slice(i * classes, classes);
            (float sMax, double sLog) = LogSumExp.Of(s, temperature);
            (float tMax, double tLog) = LogSumExp.Of(t, temperature);
            double kl = 0;
            for (int c = 0; c < classes; c++)
            {
                double logP = (t[c] - tMax) * inv - tLog;
                double logQ = (s[c] - sMax) * inv - sLog;
                double p = Math.Exp(logP);
                if (p > 0)
                {
                    kl += p * (logP - logQ);
                }

                g[c] = (float)((Math.Exp(logQ) - p) * gradScale);
            }

            total += kl;
        }

        return (float)(total * temperature * temperature / rows);
    }
}
