using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// fp32 matrix–vector products for inference steps: <c>y = W·x (+ bias)</c> with <c>W</c> row-major
/// <c>[rows × cols]</c>, the two-matrix variant a GRU step needs, and <c>y = Wᵀ·x</c> for single-sample backprop.
/// </summary>
/// <remarks>
/// Every method writes into caller-owned spans, allocates nothing, takes no lock and never starts threads, so any
/// thread (an audio or game thread included) may call it; concurrent calls are safe when their outputs do not
/// overlap. Outputs must not overlap inputs. An empty <c>bias</c> span means "no bias". With
/// <c>accumulate: true</c> the result is added to what <c>y</c> holds (<c>y += W·x + bias</c>).
/// The widest of AVX-512, AVX2, SSE/NEON or scalar code that this CPU accelerates is chosen once per process.
/// </remarks>
public static class Gemv
{
    /// <summary>Computes <c>y = W·x + bias</c> (or adds it to <c>y</c>).</summary>
    /// <param name="weights">W, row-major <c>[rows × cols]</c> (at least <c>rows·cols</c> elements).</param>
    /// <param name="rows">Rows of W = length of y.</param>
    /// <param name="cols">Columns of W = length of x.</param>
    /// <param name="x">The input vector (at least <paramref name="cols"/> elements).</param>
    /// <param name="bias">Empty for none, else at least <paramref name="rows"/> elements.</param>
    /// <param name="y">The output (at least <paramref name="rows"/> elements).</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or <paramref name="y"/> overlaps an input.</exception>
    public static void Multiply(
        ReadOnlySpan<float> weights, int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y, bool accumulate = false) =>
        MultiplyWithPath(weights, rows, cols, x, bias, y, accumulate, SimdPaths.Best);

    /// <summary>
    /// Computes two products over the same row count in one pass, <c>yA = A·xA + biasA</c> and
    /// <c>yB = B·xB + biasB</c>: for a GRU step, <c>A = W_ih [3H × I]</c> and <c>B = W_hh [3H × H]</c> with the
    /// gates packed r, z, n, giving the input and hidden gate pre-activations that the cell then combines
    /// (the n gate needs them apart: <c>n = tanh(i_n + r ⊙ h_n)</c>).
    /// </summary>
    /// <remarks>
    /// Bit-identical to two <see cref="Multiply(ReadOnlySpan{float}, int, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, bool)"/>
    /// calls and, as measured (docs/benchmarks.md), no faster: both stream every weight once, which is what the step
    /// costs. It exists to keep GRU code to one call. Allocates nothing; any thread.
    /// </remarks>
    /// <param name="weightsA">A, row-major <c>[rows × colsA]</c>.</param>
    /// <param name="colsA">Columns of A = length of <paramref name="xA"/>.</param>
    /// <param name="xA">Input of A.</param>
    /// <param name="biasA">Empty for none, else at least <paramref name="rows"/> elements.</param>
    /// <param name="yA">Output of A (at least <paramref name="rows"/> elements).</param>
    /// <param name="weightsB">B, row-major <c>[rows × colsB]</c>.</param>
    /// <param name="colsB">Columns of B = length of <paramref name="xB"/>.</param>
    /// <param name="xB">Input of B.</param>
    /// <param name="biasB">Empty for none, else at least <paramref name="rows"/> elements.</param>
    /// <param name="yB">Output of B (at least <paramref name="rows"/> elements).</param>
    /// <param name="rows">Rows of both matrices.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or an output overlaps an input or the other output.</exception>
    public static void MultiplyPair(
        ReadOnlySpan<float> weightsA, int colsA, ReadOnlySpan<float> xA, ReadOnlySpan<float> biasA, Span<float> yA,
        ReadOnlySpan<float> weightsB, int colsB, ReadOnlySpan<float> xB, ReadOnlySpan<float> biasB, Span<float> yB,
        int rows) =>
        MultiplyPairWithPath(weightsA, colsA, xA, biasA, yA, weightsB, colsB, xB, biasB, yB, rows, SimdPaths.Best);

    /// <summary>Computes <c>y = Wᵀ·x</c> (or adds it to <c>y</c>): the input gradient of one sample.</summary>
    /// <param name="weights">W, row-major <c>[rows × cols]</c>.</param>
    /// <param name="rows">Rows of W = length of x.</param>
    /// <param name="cols">Columns of W = length of y.</param>
    /// <param name="x">The input vector (at least <paramref name="rows"/> elements).</param>
    /// <param name="y">The output (at least <paramref name="cols"/> elements).</param>
    /// <param name="accumulate">Add to <paramref name="y"/> instead of overwriting it.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException">A span is too short, or <paramref name="y"/> overlaps an input.</exception>
    public static void MultiplyTransposed(
        ReadOnlySpan<float> weights, int rows, int cols, ReadOnlySpan<float> x, Span<float> y, bool accumulate = false)
    {
        // y[1 × cols] = x[1 × rows] · W[rows × cols]: the GEMM A·B form with one row, on the calling thread.
        Gemm.Multiply(x, weights, y, 1, rows, cols, accumulate, degreeOfParallelism: 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyWithPath(
        ReadOnlySpan<float> weights, int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y, bool accumulate, SimdPath path)
    {
        Validate(weights, rows, cols, x, bias, y, nameof(weights), nameof(x), nameof(bias), nameof(y));
        if (rows == 0)
        {
            return;
        }

        GemvKernels.MultiplyRows(
            ref MemoryMarshal.GetReference(weights), cols, ref MemoryMarshal.GetReference(x),
            ref MemoryMarshal.GetReference(bias), !bias.IsEmpty, ref MemoryMarshal.GetReference(y), accumulate, 0, rows, path);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyPairWithPath(
        ReadOnlySpan<float> weightsA, int colsA, ReadOnlySpan<float> xA, ReadOnlySpan<float> biasA, Span<float> yA,
        ReadOnlySpan<float> weightsB, int colsB, ReadOnlySpan<float> xB, ReadOnlySpan<float> biasB, Span<float> yB,
        int rows, SimdPath path)
    {
        Validate(weightsA, rows, colsA, xA, biasA, yA, nameof(weightsA), nameof(xA), nameof(biasA), nameof(yA));
        Validate(weightsB, rows, colsB, xB, biasB, yB, nameof(weightsB), nameof(xB), nameof(biasB), nameof(yB));
        KernelGuard.NoOverlap<float>(yA[..rows], yB[..rows], nameof(yA), nameof(yB));
        KernelGuard.NoOverlap(weightsB, yA[..rows], nameof(weightsB), nameof(yA));
        KernelGuard.NoOverlap(xB, yA[..rows], nameof(xB), nameof(yA));
        KernelGuard.NoOverlap(weightsA, yB[..rows], nameof(weightsA), nameof(yB));
        KernelGuard.NoOverlap(xA, yB[..rows], nameof(xA), nameof(yB));
        if (rows == 0)
        {
            return;
        }

        ref float wa = ref MemoryMarshal.GetReference(weightsA);
        ref float wb = ref MemoryMarshal.GetReference(weightsB);
        ref float xa = ref MemoryMarshal.GetReference(xA);
        ref float xb = ref MemoryMarshal.GetReference(xB);
        ref float ba = ref MemoryMarshal.GetReference(biasA);
        ref float bb = ref MemoryMarshal.GetReference(biasB);
        ref float ya = ref MemoryMarshal.GetReference(yA);
        ref float yb = ref MemoryMarshal.GetReference(yB);

        // Interleave blocks of 16 rows so both matrices stream in one pass over the gates.
        const int Block = 16;
        for (int r = 0; r < rows; r += Block)
        {
            int end = Math.Min(rows, r + Block);
            GemvKernels.MultiplyRows(ref wa, colsA, ref xa, ref ba, !biasA.IsEmpty, ref ya, false, r, end, path);
            GemvKernels.MultiplyRows(ref wb, colsB, ref xb, ref bb, !biasB.IsEmpty, ref yb, false, r, end, path);
        }
    }

    private static void Validate(
        ReadOnlySpan<float> weights, int rows, int cols, ReadOnlySpan<float> x, ReadOnlySpan<float> bias, Span<float> y,
        string weightsName, string xName, string biasName, string yName)
    {
        KernelGuard.Dimension(rows, nameof(rows));
        KernelGuard.Dimension(cols, nameof(cols));
        KernelGuard.Length(weights.Length, (long)rows * cols, weightsName);
        KernelGuard.Length(x.Length, cols, xName);
        KernelGuard.OptionalLength(bias.Length, rows, biasName);
        KernelGuard.Length(y.Length, rows, yName);
        Span<float> output = y[..rows];
        KernelGuard.NoOverlap(weights, output, weightsName, yName);
        KernelGuard.NoOverlap(x, output, xName, yName);
        KernelGuard.NoOverlap(bias, output, biasName, yName);
    }
}
