using System.Numerics.Tensors;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>Rectified linear unit in place, and its gradient from the rectified output.</summary>
/// <remarks>Allocation-free. Local to the convolution layers until a shared activation module exists.</remarks>
internal static class Relu
{
    /// <summary>x ← max(x, 0).</summary>
    public static void InPlace(Span<float> values) => TensorPrimitives.Max(values, 0f, values);

    /// <summary>Zeroes the gradient wherever the rectified output is not positive (the derivative at 0 is 0, as in PyTorch).</summary>
    public static void BackwardInPlace(ReadOnlySpan<float> output, Span<float> gradient)
    {
        for (int i = 0; i < gradient.Length; i++)
        {
            if (!(output[i] > 0f))
            {
                gradient[i] = 0f;
            }
        }
    }
}
