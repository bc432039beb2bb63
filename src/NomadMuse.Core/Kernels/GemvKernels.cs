using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// The fp32 matrix–vector bodies behind <see cref="Gemv"/>. Rows go four at a time so each load of <c>x</c> feeds
/// four FMAs (TensorPrimitives.Dot per row reloads <c>x</c> for every row and reduces every row on its own).
/// Columns go through a width cascade: the widest allowed vector over the bulk, then each narrower width over what
/// is left, then scalars, so no path leaves more than three scalar columns.
/// </summary>
internal static class GemvKernels
{
    /// <summary>y[r] = dot(W[r,:], x) (+ bias[r]) (+ y[r] when accumulating), rows in [rowStart, rowEnd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyRows(
        ref float w, int cols, ref float x, ref float bias, bool hasBias, ref float y, bool accumulate, int rowStart, int rowEnd, SimdPath path)
    {
        int r = rowStart;
        for (; r + 4 <= rowEnd; r += 4)
        {
            ref float w0 = ref Unsafe.Add(ref w, (nint)r * cols);
            DotSums4 sums = default;
            DotCascade4(ref w0, cols, ref x, cols, path, ref sums);
            Finish(ref y, r, sums.S0, ref bias, hasBias, accumulate);
            Finish(ref y, r + 1, sums.S1, ref bias, hasBias, accumulate);
            Finish(ref y, r + 2, sums.S2, ref bias, hasBias, accumulate);
            Finish(ref y, r + 3, sums.S3, ref bias, hasBias, accumulate);
        }

        for (; r < rowEnd; r++)
        {
            ref float w0 = ref Unsafe.Add(ref w, (nint)r * cols);
            float s = DotCascade1(ref w0, ref x, cols, path);
            Finish(ref y, r, s, ref bias, hasBias, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(ref float y, int r, float dot, ref float bias, bool hasBias, bool accumulate)
    {
        float v = hasBias ? dot + Unsafe.Add(ref bias, r) : dot;
        ref float dst = ref Unsafe.Add(ref y, r);
        dst = accumulate ? dst + v : v;
    }

    /// <summary>Four dot products of consecutive rows (stride <paramref name="ldw"/>) with x over [0, cols).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DotCascade4(ref float w0, nint ldw, ref float x, int cols, SimdPath path, ref DotSums4 sums)
    {
        int k = 0;
        if (path >= SimdPath.Vector512)
        {
            k = Dot4<Vector512Ops, Vector512<float>>(ref w0, ldw, ref x, k, cols, ref sums);
        }

        if (path >= SimdPath.Vector256)
        {
            k = Dot4<Vector256Ops, Vector256<float>>(ref w0, ldw, ref x, k, cols, ref sums);
        }

        if (path >= SimdPath.Vector128)
        {
            k = Dot4<Vector128Ops, Vector128<float>>(ref w0, ldw, ref x, k, cols, ref sums);
        }

        Dot4<ScalarOps, float>(ref w0, ldw, ref x, k, cols, ref sums);
    }

    /// <summary>One dot product over [0, cols) through the same width cascade.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float DotCascade1(ref float w0, ref float x, int cols, SimdPath path)
    {
        int k = 0;
        float s = 0f;
        if (path >= SimdPath.Vector512)
        {
            k = Dot1<Vector512Ops, Vector512<float>>(ref w0, ref x, k, cols, ref s);
        }

        if (path >= SimdPath.Vector256)
        {
            k = Dot1<Vector256Ops, Vector256<float>>(ref w0, ref x, k, cols, ref s);
        }

        if (path >= SimdPath.Vector128)
        {
            k = Dot1<Vector128Ops, Vector128<float>>(ref w0, ref x, k, cols, ref s);
        }

        Dot1<ScalarOps, float>(ref w0, ref x, k, cols, ref s);
        return s;
    }

    /// <summary>Adds the four partial dots over the whole vectors in [start, end) to <paramref name="sums"/>; returns where it stopped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Dot4<TOps, TVector>(ref float w0, nint ldw, ref float x, int start, int end, ref DotSums4 sums)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int width = TOps.Count;
        if (end - start < width)
        {
            return start;
        }

        ref float w1 = ref Unsafe.Add(ref w0, ldw);
        ref float w2 = ref Unsafe.Add(ref w1, ldw);
        ref float w3 = ref Unsafe.Add(ref w2, ldw);
        TVector a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
        int k = start;
        for (; k + width <= end; k += width)
        {
            TVector xv = TOps.Load(ref Unsafe.Add(ref x, k));
            a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref w0, k)), xv, a0);
            a1 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref w1, k)), xv, a1);
            a2 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref w2, k)), xv, a2);
            a3 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref w3, k)), xv, a3);
        }

        sums.S0 += TOps.Sum(a0);
        sums.S1 += TOps.Sum(a1);
        sums.S2 += TOps.Sum(a2);
        sums.S3 += TOps.Sum(a3);
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Dot1<TOps, TVector>(ref float w0, ref float x, int start, int end, ref float sum)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int width = TOps.Count;
        if (end - start < width)
        {
            return start;
        }

        // Two accumulators hide the FMA latency on long single rows.
        TVector a0 = TOps.Zero, a1 = TOps.Zero;
        int k = start;
        for (; k + (2 * width) <= end; k += 2 * width)
        {
            a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref w0, k)), TOps.Load(ref Unsafe.Add(ref x, k)), a0);
            a1 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref w0, k + width)), TOps.Load(ref Unsafe.Add(ref x, k + width)), a1);
        }

        if (k + width <= end)
        {
            a0 = TOps.MultiplyAdd(TOps.Load(ref Unsafe.Add(ref w0, k)), TOps.Load(ref Unsafe.Add(ref x, k)), a0);
            k += width;
        }

        sum += TOps.Sum(TOps.Add(a0, a1));
        return k;
    }
}

/// <summary>Four running scalar sums (one per row of a 4-row block).</summary>
internal struct DotSums4
{
    public float S0;
    public float S1;
    public float S2;
    public float S3;
}
