using System.Runtime.CompilerServices;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// fp32 matrix–matrix products in the three forms training needs, all row-major with caller-owned outputs.
/// For a <c>Linear</c> layer with weights <c>W [out × in]</c> and a batch <c>X [batch × in]</c>:
/// forward <c>Y = X·Wᵀ</c> is <see cref="MultiplyTransposedB"/>, the input gradient <c>dX = dY·W</c> is
/// <see cref="Multiply"/>, and the weight gradient <c>dW += dYᵀ·X</c> is <see cref="MultiplyTransposedA"/>
/// with <c>accumulate: true</c>.
/// </summary>
/// <remarks>
/// <para>Single-threaded calls (<c>degreeOfParallelism: 1</c>, the default) allocate nothing and may run on any
/// thread. A larger degree splits the rows of C into contiguous blocks run through <see cref="Parallel"/>.For
/// (the calling thread takes part); it allocates a little (the loop state) and is meant for training, never for
/// inference steps. Products smaller than <see cref="ParallelThreshold"/> multiply–adds stay on the calling
/// thread whatever the degree. Every element of C is summed in the same order however the rows are split, so
/// multi-threaded results are bit-identical to single-threaded ones.</para>
/// <para>GEMM is compute-bound, so it uses 512-bit vectors wherever AVX-512F exists, including the Intel CPUs on
/// which .NET prefers 256-bit vectors by default.</para>
/// <para>C must not overlap A or B. With <c>accumulate: true</c> the product is added to C
/// (<c>C += op(A)·op(B)</c>); otherwise C is overwritten (a product with k = 0 then clears C).</para>
/// </remarks>
public static class Gemm
{
    /// <summary>Products with fewer multiply–adds than this (m·n·k) never use more than the calling thread.</summary>
    public const long ParallelThreshold = 64L * 64 * 64;

    /// <summary>
    /// From this many rows of C, <c>A·Bᵀ</c> packs transposed B strips and runs the outer-product kernel; below it
    /// the packing is not reused enough and the dot-product kernel runs.
    /// </summary>
    private const int OuterProductMinRows = 8;

    private enum Form
    {
        AB,
        ABt,
        AtB,
    }

    /// <summary>Computes <c>C = A·B</c> (or adds it to C). A is <c>[m × k]</c>, B is <c>[k × n]</c>, C is <c>[m × n]</c>.</summary>
    /// <param name="a">A, row-major, at least <c>m·k</c> elements.</param>
    /// <param name="b">B, row-major, at least <c>k·n</c> elements.</param>
    /// <param name="c">C, row-major, at least <c>m·n</c> elements.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="degreeOfParallelism">1 (default) for the calling thread only; more to split rows of C across threads.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or <paramref name="degreeOfParallelism"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A span is too short or C overlaps an input.</exception>
    public static void Multiply(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false, int degreeOfParallelism = 1) =>
        Run(Form.AB, a, b, c, m, k, n, accumulate, degreeOfParallelism, SimdPaths.BestComputeBound);

    /// <summary>Computes <c>C = A·Bᵀ</c> (or adds it to C). A is <c>[m × k]</c>, B is <c>[n × k]</c>, C is <c>[m × n]</c>.</summary>
    /// <param name="a">A, row-major, at least <c>m·k</c> elements.</param>
    /// <param name="b">B, row-major, at least <c>n·k</c> elements.</param>
    /// <param name="c">C, row-major, at least <c>m·n</c> elements.</param>
    /// <param name="m">Rows of A and C.</param>
    /// <param name="k">Columns of A and of B.</param>
    /// <param name="n">Rows of B, columns of C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="degreeOfParallelism">1 (default) for the calling thread only; more to split rows of C across threads.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or <paramref name="degreeOfParallelism"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A span is too short or C overlaps an input.</exception>
    public static void MultiplyTransposedB(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false, int degreeOfParallelism = 1) =>
        Run(Form.ABt, a, b, c, m, k, n, accumulate, degreeOfParallelism, SimdPaths.BestComputeBound);

    /// <summary>Computes <c>C = Aᵀ·B</c> (or adds it to C). A is <c>[k × m]</c>, B is <c>[k × n]</c>, C is <c>[m × n]</c>.</summary>
    /// <param name="a">A, row-major, at least <c>k·m</c> elements.</param>
    /// <param name="b">B, row-major, at least <c>k·n</c> elements.</param>
    /// <param name="c">C, row-major, at least <c>m·n</c> elements.</param>
    /// <param name="m">Columns of A, rows of C.</param>
    /// <param name="k">Rows of A and of B.</param>
    /// <param name="n">Columns of B and C.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="degreeOfParallelism">1 (default) for the calling thread only; more to split rows of C across threads.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or <paramref name="degreeOfParallelism"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A span is too short or C overlaps an input.</exception>
    public static void MultiplyTransposedA(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false, int degreeOfParallelism = 1) =>
        Run(Form.AtB, a, b, c, m, k, n, accumulate, degreeOfParallelism, SimdPaths.BestComputeBound);

    internal static void MultiplyWithPath(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, int degreeOfParallelism, SimdPath path) =>
        Run(Form.AB, a, b, c, m, k, n, accumulate, degreeOfParallelism, path);

    internal static void MultiplyTransposedBWithPath(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, int degreeOfParallelism, SimdPath path) =>
        Run(Form.ABt, a, b, c, m, k, n, accumulate, degreeOfParallelism, path);

    internal static void MultiplyTransposedAWithPath(
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, int degreeOfParallelism, SimdPath path) =>
        Run(Form.AtB, a, b, c, m, k, n, accumulate, degreeOfParallelism, path);

    private static unsafe void Run(
        Form form, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate, int degreeOfParallelism, SimdPath path)
    {
        KernelGuard.Dimension(m, nameof(m));
        KernelGuard.Dimension(k, nameof(k));
        KernelGuard.Dimension(n, nameof(n));
        KernelGuard.Parallelism(degreeOfParallelism);
        KernelGuard.Length(a.Length, (long)m * k, nameof(a));
        KernelGuard.Length(b.Length, (long)k * n, nameof(b));
        KernelGuard.Length(c.Length, (long)m * n, nameof(c));
        Span<float> cUsed = c[..(m * n)];
        KernelGuard.NoOverlap(a, cUsed, nameof(a), nameof(c));
        KernelGuard.NoOverlap(b, cUsed, nameof(b), nameof(c));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            if (!accumulate)
            {
                cUsed.Clear();
            }

            return;
        }

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            long work = (long)m * n * k;
            int panels = (m + 3) / 4;
            int chunks = Math.Min(degreeOfParallelism, panels);
            if (chunks <= 1 || work < ParallelThreshold)
            {
                RunRows(form, pa, pb, pc, m, k, n, 0, m, accumulate, path);
                return;
            }

            RunParallel(form, pa, pb, pc, m, k, n, accumulate, degreeOfParallelism, chunks, panels, path);
        }
    }

    /// <summary>Kept apart from <see cref="Run"/> so the lambda's closure is only allocated on this path.</summary>
    private static unsafe void RunParallel(
        Form form, float* pa, float* pb, float* pc, int m, int k, int n, bool accumulate, int degreeOfParallelism, int chunks, int panels, SimdPath path)
    {
        // Blocks start on multiples of 4 so each row falls in the same 4-row panel as in a single-threaded run.
        int rowsPerChunk = ((panels + chunks - 1) / chunks) * 4;
        nint ia = (nint)pa, ib = (nint)pb, ic = (nint)pc;
        var options = new ParallelOptions { MaxDegreeOfParallelism = degreeOfParallelism };
        Parallel.For(0, chunks, options, t =>
        {
            int r0 = t * rowsPerChunk;
            int r1 = Math.Min(m, r0 + rowsPerChunk);
            if (r0 < r1)
            {
                RunRows(form, (float*)ia, (float*)ib, (float*)ic, m, k, n, r0, r1, accumulate, path);
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RunRows(Form form, float* a, float* b, float* c, int m, int k, int n, int r0, int r1, bool accumulate, SimdPath path)
    {
        switch (form)
        {
            case Form.AB:
                GemmKernels.OuterRows(ref *a, k, 1, ref *b, k, n, ref *c, r0, r1, accumulate, path);
                break;
            case Form.AtB:
                GemmKernels.OuterRows(ref *a, 1, m, ref *b, k, n, ref *c, r0, r1, accumulate, path);
                break;
            default:
                // Decided on the whole m, never on the row block, so every thread split uses the same arithmetic.
                if (m >= OuterProductMinRows)
                {
                    GemmKernels.OuterRows(ref *a, k, 1, ref *b, k, n, ref *c, r0, r1, accumulate, path, transposedB: true);
                }
                else
                {
                    GemmDotKernels.DotRows(ref *a, ref *b, k, n, ref *c, r0, r1, accumulate, path);
                }

                break;
        }
    }
}
