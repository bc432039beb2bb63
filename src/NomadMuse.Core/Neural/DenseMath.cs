using System.Numerics.Tensors;

namespace NomadMuse.Core.Neural;

/// <summary>
/// The few dense kernels the layers need, kept behind one seam so that fused or quantised kernels from
/// <c>NomadMuse.Core.Kernels</c> can replace them without touching layer code.
/// </summary>
/// <remarks>Every method is allocation-free and thread-agnostic (no shared state).</remarks>
internal static class DenseMath
{
    /// <summary>y[o] = bias[o] + W[o, :] · x, with W row-major [y.Length × x.Length].</summary>
    public static void MatVec(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> y)
    {
        int inputs = x.Length;
        for (int o = 0; o < y.Length; o++)
        {
            y[o] = bias[o] + TensorPrimitives.Dot(weight.Slice(o * inputs, inputs), x);
        }
    }

    /// <summary>gx += Wᵀ · gy, with W row-major [gy.Length × gx.Length].</summary>
    public static void MatTransposeVecAdd(ReadOnlySpan<float> weight, ReadOnlySpan<float> gy, Span<float> gx)
    {
        int inputs = gx.Length;
        for (int o = 0; o < gy.Length; o++)
        {
            float g = gy[o];
            if (g != 0f)
            {
                TensorPrimitives.MultiplyAdd(weight.Slice(o * inputs, inputs), g, gx, gx);
            }
        }
    }

    /// <summary>gW += gy ⊗ x (outer product), with gW row-major [gy.Length × x.Length].</summary>
    public static void OuterAdd(ReadOnlySpan<float> gy, ReadOnlySpan<float> x, Span<float> gradWeight)
    {
        int inputs = x.Length;
        for (int o = 0; o < gy.Length; o++)
        {
            float g = gy[o];
            if (g != 0f)
            {
                Span<float> row = gradWeight.Slice(o * inputs, inputs);
                TensorPrimitives.MultiplyAdd(x, g, row, row);
            }
        }
    }

    /// <summary>a += b.</summary>
    public static void AddInPlace(Span<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Add(a, b, a);

    /// <summary>Grows a training cache so it holds at least <paramref name="length"/> elements (training path only).</summary>
    public static float[] Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer;
    }
}
