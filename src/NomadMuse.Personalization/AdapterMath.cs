using System.Numerics.Tensors;

namespace NomadMuse.Personalization;

/// <summary>The few dense products the adapter needs (row-major, allocation-free); the core's kernels are internal to it.</summary>
internal static class AdapterMath
{
    /// <summary>y[o] = bias[o] + W[o, :]·x (an empty bias adds nothing).</summary>
    public static void MatVec(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> y)
    {
        int n = x.Length;
        for (int o = 0; o < y.Length; o++)
        {
            y[o] = (bias.IsEmpty ? 0f : bias[o]) + TensorPrimitives.Dot(weight.Slice(o * n, n), x);
        }
    }

    /// <summary>MatVec for each of <paramref name="rows"/> rows of x and y.</summary>
    public static void MatMulRows(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, int rows, Span<float> y)
    {
        int inputs = x.Length / rows, outputs = y.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            MatVec(weight, bias, x.Slice(r * inputs, inputs), y.Slice(r * outputs, outputs));
        }
    }

    /// <summary>gW[o, :] += Σ_r gy[r, o]·x[r, :].</summary>
    public static void OuterAddRows(ReadOnlySpan<float> gy, ReadOnlySpan<float> x, int rows, Span<float> gradWeight)
    {
        int outputs = gy.Length / rows, inputs = x.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * inputs, inputs);
            for (int o = 0; o < outputs; o++)
            {
                float g = gy[(r * outputs) + o];
                if (g != 0f)
                {
                    Span<float> row = gradWeight.Slice(o * inputs, inputs);
                    TensorPrimitives.MultiplyAdd(xr, g, row, row);
                }
            }
        }
    }

    /// <summary>gx[r, :] += Σ_o gy[r, o]·W[o, :].</summary>
    public static void MatTransposeAddRows(ReadOnlySpan<float> weight, ReadOnlySpan<float> gy, int rows, Span<float> gx)
    {
        int outputs = gy.Length / rows, inputs = gx.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            Span<float> xr = gx.Slice(r * inputs, inputs);
            for (int o = 0; o < outputs; o++)
            {
                float g = gy[(r * outputs) + o];
                if (g != 0f)
                {
                    TensorPrimitives.MultiplyAdd(weight.Slice(o * inputs, inputs), g, xr, xr);
                }
            }
        }
    }

    /// <summary>gb += Σ_r gy[r, :].</summary>
    public static void SumRowsAdd(ReadOnlySpan<float> gy, int rows, Span<float> gradBias)
    {
        int n = gradBias.Length;
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(gradBias, gy.Slice(r * n, n), gradBias);
        }
    }

    /// <summary>Grows a training buffer (contents are not kept).</summary>
    public static float[] Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer;
    }
}
