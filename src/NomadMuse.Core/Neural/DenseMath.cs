using NomadMuse.Core.Kernels;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NomadMuse.Core.Neural;

/// <summary>
/// The few dense kernels the layers need, kept behind one seam so that fused or quantised kernels from
/// <c>NomadMuse.Core.Kernels</c> can replace them without touching layer code.
/// </summary>
/// <remarks>
/// <para>Every method is allocation-free and thread-agnostic (no shared state).</para>
/// <para>The two innermost loops (<see cref="Dot"/>, <see cref="MultiplyAdd"/>) are simple <see cref="Vector{T}"/>
/// loops marked <see cref="MethodImplOptions.AggressiveOptimization"/> rather than calls into TensorPrimitives:
/// layers call them thousands of times per token on short rows, and TensorPrimitives' tier-0 code ran an
/// end-to-end training test ~10× slower until tiered JIT caught up (1 s with tiering off, 9–15 s with it on a
/// loaded machine). The fused kernels replace these.</para>
/// </remarks>
internal static class DenseMath
{
    /// <summary>Σ a[i]·b[i] over equal-length spans.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = a.Length;
        if (b.Length != n)
        {
            ThrowLength();
        }

        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            // Four independent accumulators hide the add latency (one chain would cap a 256-long row at ~4× slower).
            int w = Vector<float>.Count;
            Vector<float> acc0 = Vector<float>.Zero, acc1 = Vector<float>.Zero, acc2 = Vector<float>.Zero, acc3 = Vector<float>.Zero;
            for (; i <= n - 4 * w; i += 4 * w)
            {
                acc0 += Vector.LoadUnsafe(ref ra, (nuint)i) * Vector.LoadUnsafe(ref rb, (nuint)i);
                acc1 += Vector.LoadUnsafe(ref ra, (nuint)(i + w)) * Vector.LoadUnsafe(ref rb, (nuint)(i + w));
                acc2 += Vector.LoadUnsafe(ref ra, (nuint)(i + 2 * w)) * Vector.LoadUnsafe(ref rb, (nuint)(i + 2 * w));
                acc3 += Vector.LoadUnsafe(ref ra, (nuint)(i + 3 * w)) * Vector.LoadUnsafe(ref rb, (nuint)(i + 3 * w));
            }

            for (; i <= n - w; i += w)
            {
                acc0 += Vector.LoadUnsafe(ref ra, (nuint)i) * Vector.LoadUnsafe(ref rb, (nuint)i);
            }

            sum = Vector.Sum((acc0 + acc1) + (acc2 + acc3));
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref ra, i) * Unsafe.Add(ref rb, i);
        }

        return sum;
    }

    /// <summary>y[i] += a·x[i] over equal-length spans.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float a, Span<float> y)
    {
        int n = x.Length;
        if (y.Length != n)
        {
            ThrowLength();
        }

        ref float rx = ref MemoryMarshal.GetReference(x);
        ref float ry = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<float>.Count)
        {
            var va = new Vector<float>(a);
            int last = n - Vector<float>.Count;
            for (; i <= last; i += Vector<float>.Count)
            {
                (Vector.LoadUnsafe(ref ry, (nuint)i) + va * Vector.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref ry, i) += a * Unsafe.Add(ref rx, i);
        }
    }

    /// <summary>y[o] = bias[o] + W[o, :] · x, with W row-major [y.Length × x.Length].</summary>
    public static void MatVec(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, Span<float> y) =>
        Gemv.Multiply(weight, y.Length, x.Length, x, bias, y);

    /// <summary>Rows processed per pass over the weights: enough to reuse each weight row from L1, few enough that
    /// the block of activations stays in L1/L2.</summary>
    private const int RowBlock = 16;

    /// <summary>Y[r, :] = bias + W·X[r, :] for every row; X [rows × inputs], Y [rows × outputs], W [outputs × inputs].</summary>
    /// <remarks>Each output uses the same <see cref="Dot"/> as <see cref="MatVec"/>, so results are bit-identical
    /// to row-by-row evaluation (the inference step and the training forward agree exactly).</remarks>
    public static void MatMulRows(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> x, int rows, Span<float> y)
    {
        // Row by row through the same GEMV as the inference step, so training forward and step agree bit for bit.
        int outputs = bias.Length;
        int inputs = weight.Length / outputs;
        for (int r = 0; r < rows; r++)
        {
            Gemv.Multiply(weight, outputs, inputs, x.Slice(r * inputs, inputs), bias, y.Slice(r * outputs, outputs));
        }
    }

    /// <summary>gW += Σ_r GY[r, :] ⊗ X[r, :]; GY [rows × outputs], X [rows × inputs].</summary>
    public static void OuterAddRows(ReadOnlySpan<float> gy, ReadOnlySpan<float> x, int rows, Span<float> gradWeight)
    {
        int outputs = gy.Length / rows;
        int inputs = x.Length / rows;
        for (int o = 0; o < outputs; o++)
        {
            Span<float> row = gradWeight.Slice(o * inputs, inputs);
            for (int r = 0; r < rows; r++)
            {
                float g = gy[r * outputs + o];
                if (g != 0f)
                {
                    MultiplyAdd(x.Slice(r * inputs, inputs), g, row);
                }
            }
        }
    }

    /// <summary>GX[r, :] += Wᵀ·GY[r, :] for every row; GY [rows × outputs], GX [rows × inputs].</summary>
    public static void MatTransposeAddRows(ReadOnlySpan<float> weight, ReadOnlySpan<float> gy, int rows, Span<float> gx)
    {
        int outputs = gy.Length / rows;
        int inputs = gx.Length / rows;
        for (int r0 = 0; r0 < rows; r0 += RowBlock)
        {
            int r1 = Math.Min(rows, r0 + RowBlock);
            for (int o = 0; o < outputs; o++)
            {
                ReadOnlySpan<float> w = weight.Slice(o * inputs, inputs);
                for (int r = r0; r < r1; r++)
                {
                    float g = gy[r * outputs + o];
                    if (g != 0f)
                    {
                        MultiplyAdd(w, g, gx.Slice(r * inputs, inputs));
                    }
                }
            }
        }
    }

    /// <summary>gb += Σ_r GY[r, :]; GY [rows × gb.Length].</summary>
    public static void SumRowsAdd(ReadOnlySpan<float> gy, int rows, Span<float> gradBias)
    {
        int n = gradBias.Length;
        for (int r = 0; r < rows; r++)
        {
            AddInPlace(gradBias, gy.Slice(r * n, n));
        }
    }

    /// <summary>a += b.</summary>
    public static void AddInPlace(Span<float> a, ReadOnlySpan<float> b) => MultiplyAdd(b, 1f, a); // a + 1·b is exact

    private static void ThrowLength() => throw new ArgumentException("Span lengths differ.");

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
