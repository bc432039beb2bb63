using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// The <c>C = A·Bᵀ</c> body behind <see cref="Gemm.MultiplyTransposedB"/> for small m (fewer than 8 rows; larger
/// products pack transposed B strips for <see cref="GemmKernels.OuterRows"/>): A is [m × k], B is [n × k], both
/// row-major, so every element of C is a dot product of two contiguous rows. A 4 × 2 tile keeps eight vector
/// accumulators, loading four A rows and two B rows once per step (6 loads feed 8 FMAs instead of 2 loads per FMA),
/// and runs k through the same width cascade as <see cref="GemvKernels"/>.
/// </summary>
internal static class GemmDotKernels
{
    /// <summary>C rows [r0, r1) = A·Bᵀ (added to C when <paramref name="accumulate"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotRows(ref float a, ref float b, int k, int n, ref float c, int r0, int r1, bool accumulate, SimdPath path)
    {
        int i = r0;
        for (; i + 4 <= r1; i += 4)
        {
            ref float ai = ref Unsafe.Add(ref a, (nint)i * k);
            ref float ci = ref Unsafe.Add(ref c, (nint)i * n);
            int j = 0;
            for (; j + 2 <= n; j += 2)
            {
                DotSums8 s = default;
                Cascade4x2(ref ai, ref Unsafe.Add(ref b, (nint)j * k), k, path, ref s);
                Put(ref ci, n, j, s.S00, s.S10, s.S20, s.S30, accumulate);
                Put(ref ci, n, j + 1, s.S01, s.S11, s.S21, s.S31, accumulate);
            }

            if (j < n)
            {
                DotSums4 s = default;
                GemvKernels.DotCascade4(ref ai, k, ref Unsafe.Add(ref b, (nint)j * k), k, path, ref s);
                Put(ref ci, n, j, s.S0, s.S1, s.S2, s.S3, accumulate);
            }
        }

        for (; i < r1; i++)
        {
            ref float ai = ref Unsafe.Add(ref a, (nint)i * k);
            ref float ci = ref Unsafe.Add(ref c, (nint)i * n);
            for (int j = 0; j < n; j++)
            {
                float s = GemvKernels.DotCascade1(ref Unsafe.Add(ref b, (nint)j * k), ref ai, k, path);
                ref float dst = ref Unsafe.Add(ref ci, j);
                dst = accumulate ? dst + s : s;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(ref float c, nint ldc, int j, float s0, float s1, float s2, float s3, bool accumulate)
    {
        ref float d0 = ref Unsafe.Add(ref c, j);
        ref float d1 = ref Unsafe.Add(ref d0, ldc);
        ref float d2 = ref Unsafe.Add(ref d1, ldc);
        ref float d3 = ref Unsafe.Add(ref d2, ldc);
        d0 = accumulate ? d0 + s0 : s0;
        d1 = accumulate ? d1 + s1 : s1;
        d2 = accumulate ? d2 + s2 : s2;
        d3 = accumulate ? d3 + s3 : s3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Cascade4x2(ref float a0, ref float b0, int k, SimdPath path, ref DotSums8 s)
    {
        int p = 0;
        if (path >= SimdPath.Vector512)
        {
            p = Dot4x2<Vector512Ops, Vector512<float>>(ref a0, ref b0, k, p, ref s);
        }

        if (path >= SimdPath.Vector256)
        {
            p = Dot4x2<Vector256Ops, Vector256<float>>(ref a0, ref b0, k, p, ref s);
        }

        if (path >= SimdPath.Vector128)
        {
            p = Dot4x2<Vector128Ops, Vector128<float>>(ref a0, ref b0, k, p, ref s);
        }

        Dot4x2<ScalarOps, float>(ref a0, ref b0, k, p, ref s);
    }

    /// <summary>Adds the eight partial dots over whole vectors in [start, k); returns where it stopped. Row stride is k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Dot4x2<TOps, TVector>(ref float a0, ref float b0, int k, int start, ref DotSums8 s)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int width = TOps.Count;
        if (k - start < width)
        {
            return start;
        }

        ref float a1 = ref Unsafe.Add(ref a0, k);
        ref float a2 = ref Unsafe.Add(ref a1, k);
        ref float a3 = ref Unsafe.Add(ref a2, k);
        ref float b1 = ref Unsafe.Add(ref b0, k);
        TVector s00 = TOps.Zero, s01 = TOps.Zero, s10 = TOps.Zero, s11 = TOps.Zero;
        TVector s20 = TOps.Zero, s21 = TOps.Zero, s30 = TOps.Zero, s31 = TOps.Zero;
        int p = start;
        for (; p + width <= k; p += width)
        {
            TVector v0 = TOps.Load(ref Unsafe.Add(ref b0, p));
            TVector v1 = TOps.Load(ref Unsafe.Add(ref b1, p));
            TVector u = TOps.Load(ref Unsafe.Add(ref a0, p));
            s00 = TOps.MultiplyAdd(u, v0, s00);
            s01 = TOps.MultiplyAdd(u, v1, s01);
            u = TOps.Load(ref Unsafe.Add(ref a1, p));
            s10 = TOps.MultiplyAdd(u, v0, s10);
            s11 = TOps.MultiplyAdd(u, v1, s11);
            u = TOps.Load(ref Unsafe.Add(ref a2, p));
            s20 = TOps.MultiplyAdd(u, v0, s20);
            s21 = TOps.MultiplyAdd(u, v1, s21);
            u = TOps.Load(ref Unsafe.Add(ref a3, p));
            s30 = TOps.MultiplyAdd(u, v0, s30);
            s31 = TOps.MultiplyAdd(u, v1, s31);
        }

        s.S00 += TOps.Sum(s00);
        s.S01 += TOps.Sum(s01);
        s.S10 += TOps.Sum(s10);
        s.S11 += TOps.Sum(s11);
        s.S20 += TOps.Sum(s20);
        s.S21 += TOps.Sum(s21);
        s.S30 += TOps.Sum(s30);
        s.S31 += TOps.Sum(s31);
        return p;
    }
}

/// <summary>The eight running sums of a 4 × 2 dot-product tile (row, column).</summary>
internal struct DotSums8
{
    public float S00;
    public float S01;
    public float S10;
    public float S11;
    public float S20;
    public float S21;
    public float S30;
    public float S31;
}
