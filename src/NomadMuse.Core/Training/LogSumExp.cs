using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NomadMuse.Core.Training;

/// <summary>Max-subtracted log-sum-exp helpers shared by the losses.</summary>
internal static class LogSumExp
{
    /// <summary>Writes softmax(z / T) into <paramref name="probabilities"/> and returns logsumexp(z / T).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Softmax(ReadOnlySpan<float> z, Span<float> probabilities, float temperature = 1f)
    {
        float max = TensorPrimitives.Max(z);
        float inv = 1f / temperature;
        double sum = 0;
        for (int c = 0; c < z.Length; c++)
        {
            float e = MathF.Exp((z[c] - max) * inv);
            probabilities[c] = e;
            sum += e;
        }

        TensorPrimitives.Multiply(probabilities, (float)(1.0 / sum), probabilities);
        return max * inv + Math.Log(sum);
    }

    /// <summary>Returns (max(z), logsumexp((z − max) / T)) without writing anything.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (float Max, double LogSum) Of(ReadOnlySpan<float> z, float temperature)
    {
        float max = TensorPrimitives.Max(z);
        float inv = 1f / temperature;
        double sum = 0;
        for (int c = 0; c < z.Length; c++)
        {
            sum += Math.Exp((z[c] - max) * inv);
        }

        return (max, Math.Log(sum));
    }
}
