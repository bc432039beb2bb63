using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// Single-threaded GEMM bodies behind <see cref="Gemm"/>, each computing a range of rows of C so that
/// <see cref="Gemm"/> can hand row blocks to threads. Two shapes of micro-kernel:
/// <list type="bullet">
/// <item><b>Outer product</b> (<c>A·B</c>, <c>Aᵀ·B</c>): a 4-row × 2-vector tile of C lives in 8 registers while
/// k runs; each step loads two vectors of a B row and broadcasts four A elements. A is addressed through strides,
/// so <c>Aᵀ</c> costs nothing. k is blocked by <see cref="KBlock"/> so a B strip stays cache-resident while every
/// row panel of the block passes over it; the strip is first copied to a contiguous 32 KiB stack buffer so that
/// power-of-two row strides cannot make its rows collide in the L1 cache.</item>
/// <item><b>Transposed B</b> (<c>A·Bᵀ</c>, m ≥ 8): the outer-product kernel over strips of Bᵀ packed (transposed) into the
/// stack buffer.</item>
/// <item><b>Dot product</b> (<c>A·Bᵀ</c>, m &lt; 8, in <see cref="GemmDotKernels"/>): both operands are contiguous along k, so a 4 × 2 tile of C is eight dot
/// products sharing the loads of four A rows and two B rows, reduced once at the end.</item>
/// </list>
/// Each element of C is summed in the same order whatever the row range, so splitting rows across threads gives
/// bit-identical results.
/// </summary>
internal static class GemmKernels
{
    /// <summary>k block length of the outer-product kernels (a 256 × 32 fp32 B strip is 32 KiB).</summary>
    public const int KBlock = 256;

    /// <summary>Floats in the packed B strip buffer: KBlock rows of the widest strip (2 × 16 floats) = 32 KiB of stack.</summary>
    private const int PackFloats = KBlock * 32;

    /// <summary>Below this many rows a packed strip is not reused enough to pay for the copy.</summary>
    private const int PackMinRows = 8;

    /// <summary>
    /// C[r0..r1) = A·op(B) where A(i, p) = a[i·aRow + p·aCol] and C is [m × n]. B is [k × n] row-major, or with
    /// <paramref name="transposedB"/> [n × k] row-major (C = A·Bᵀ), in which case every strip is packed transposed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // the pack buffer is written before it is read; zeroing 32 KiB per call would cost ~1 µs
    public static void OuterRows(
        ref float a, nint aRow, nint aCol, ref float b, int k, int n, ref float c, int r0, int r1, bool accumulate, SimdPath path, bool transposedB = false)
    {
        // B rows are n floats apart; for n a multiple of 256 the rows of a strip fall into a few L1 sets and evict each
        // other. Copying each strip to a contiguous buffer fixes that when enough row panels reuse it.
        Span<float> packBuffer = stackalloc float[PackFloats];
        ref float pack = ref MemoryMarshal.GetReference(packBuffer);
        bool usePack = transposedB || r1 - r0 >= PackMinRows;
        for (int p0 = 0; p0 < k; p0 += KBlock)
        {
            int kc = Math.Min(KBlock, k - p0);
            bool load = accumulate || p0 > 0;
            ref float ap = ref Unsafe.Add(ref a, p0 * aCol);
            // Bᵀ strips start at column p0 of B's rows; plain B strips at row p0.
            ref float bp = ref Unsafe.Add(ref b, transposedB ? p0 : (nint)p0 * n);
            nint ldbT = transposedB ? k : 0;
            int j = 0;
            if (path >= SimdPath.Vector512)
            {
                j = OuterStrips<Vector512Ops, Vector512<float>>(ref ap, aRow, aCol, ref bp, n, kc, ref c, r0, r1, j, load, ref pack, usePack, ldbT);
            }

            if (path >= SimdPath.Vector256)
            {
                j = OuterStrips<Vector256Ops, Vector256<float>>(ref ap, aRow, aCol, ref bp, n, kc, ref c, r0, r1, j, load, ref pack, usePack, ldbT);
            }

            if (path >= SimdPath.Vector128)
            {
                j = OuterStrips<Vector128Ops, Vector128<float>>(ref ap, aRow, aCol, ref bp, n, kc, ref c, r0, r1, j, load, ref pack, usePack, ldbT);
            }

            OuterStrips<ScalarOps, float>(ref ap, aRow, aCol, ref bp, n, kc, ref c, r0, r1, j, load, ref pack, usePack, ldbT);
        }
    }

    /// <summary>Covers columns from <paramref name="j"/> with strips of two vectors, then at most one of one vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OuterStrips<TOps, TVector>(
        ref float a, nint aRow, nint aCol, ref float b, int n, int kc, ref float c, int r0, int r1, int j, bool load, ref float pack, bool usePack, nint ldbT)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int width = TOps.Count;
        for (; j + (2 * width) <= n; j += 2 * width)
        {
            ref float strip = ref Unsafe.Add(ref b, j);
            nint ldb = n;
            if (ldbT != 0)
            {
                PackTransposed(ref Unsafe.Add(ref b, j * ldbT), ldbT, kc, 2 * width, ref pack);
                strip = ref pack;
                ldb = 2 * width;
            }
            else if (usePack)
            {
                for (int p = 0; p < kc; p++)
                {
                    ref float src = ref Unsafe.Add(ref strip, p * ldb);
                    ref float dst = ref Unsafe.Add(ref pack, p * 2 * width);
                    TOps.Store(TOps.Load(ref src), ref dst);
                    TOps.Store(TOps.Load(ref Unsafe.Add(ref src, width)), ref Unsafe.Add(ref dst, width));
                }

                strip = ref pack;
                ldb = 2 * width;
            }

            int i = r0;
            for (; i + 4 <= r1; i += 4)
            {
                Tile4x2<TOps, TVector>(ref Unsafe.Add(ref a, i * aRow), aRow, aCol, ref strip, ldb, kc, ref Unsafe.Add(ref c, ((nint)i * n) + j), n, load);
            }

            for (; i < r1; i++)
            {
                Tile1x2<TOps, TVector>(ref Unsafe.Add(ref a, i * aRow), aCol, ref strip, ldb, kc, ref Unsafe.Add(ref c, ((nint)i * n) + j), load);
            }
        }

        if (j + width <= n)
        {
            ref float strip = ref Unsafe.Add(ref b, j);
            nint ldb = n;
            if (ldbT != 0)
            {
                PackTransposed(ref Unsafe.Add(ref b, j * ldbT), ldbT, kc, width, ref pack);
                strip = ref pack;
                ldb = width;
            }

            int i = r0;
            for (; i + 4 <= r1; i += 4)
            {
                Tile4x1<TOps, TVector>(ref Unsafe.Add(ref a, i * aRow), aRow, aCol, ref strip, ldb, kc, ref Unsafe.Add(ref c, ((nint)i * n) + j), n, load);
            }

            for (; i < r1; i++)
            {
                Tile1x1<TOps, TVector>(ref Unsafe.Add(ref a, i * aRow), aCol, ref strip, ldb, kc, ref Unsafe.Add(ref c, ((nint)i * n) + j), load);
            }

            j += width;
        }

        return j;
    }

    /// <summary>pack[p·width + jj] = B[jj, p] for a strip of <paramref name="width"/> rows of B (row stride <paramref name="ldb"/>).</summary>
    private static void PackTransposed(ref float b, nint ldb, int kc, int width, ref float pack)
    {
        for (int jj = 0; jj < width; jj++)
        {
            ref float src = ref Unsafe.Add(ref b, jj * ldb);
            for (int p = 0; p < kc; p++)
            {
                Unsafe.Add(ref pack, (p * width) + jj) = Unsafe.Add(ref src, p);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x2<TOps, TVector>(ref float a, nint aRow, nint aCol, ref float b, nint ldb, int kc, ref float c, nint ldc, bool load)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int w = TOps.Count;
        ref float c1 = ref Unsafe.Add(ref c, ldc);
        ref float c2 = ref Unsafe.Add(ref c1, ldc);
        ref float c3 = ref Unsafe.Add(ref c2, ldc);
        TVector s00 = load ? TOps.Load(ref c) : TOps.Zero, s01 = load ? TOps.Load(ref Unsafe.Add(ref c, w)) : TOps.Zero;
        TVector s10 = load ? TOps.Load(ref c1) : TOps.Zero, s11 = load ? TOps.Load(ref Unsafe.Add(ref c1, w)) : TOps.Zero;
        TVector s20 = load ? TOps.Load(ref c2) : TOps.Zero, s21 = load ? TOps.Load(ref Unsafe.Add(ref c2, w)) : TOps.Zero;
        TVector s30 = load ? TOps.Load(ref c3) : TOps.Zero, s31 = load ? TOps.Load(ref Unsafe.Add(ref c3, w)) : TOps.Zero;
        ref float a1 = ref Unsafe.Add(ref a, aRow);
        ref float a2 = ref Unsafe.Add(ref a1, aRow);
        ref float a3 = ref Unsafe.Add(ref a2, aRow);
        for (int p = 0; p < kc; p++)
        {
            ref float bRow = ref Unsafe.Add(ref b, p * ldb);
            TVector b0 = TOps.Load(ref bRow);
            TVector b1 = TOps.Load(ref Unsafe.Add(ref bRow, w));
            nint ap = p * aCol;
            TVector x = TOps.Broadcast(Unsafe.Add(ref a, ap));
            s00 = TOps.MultiplyAdd(x, b0, s00);
            s01 = TOps.MultiplyAdd(x, b1, s01);
            x = TOps.Broadcast(Unsafe.Add(ref a1, ap));
            s10 = TOps.MultiplyAdd(x, b0, s10);
            s11 = TOps.MultiplyAdd(x, b1, s11);
            x = TOps.Broadcast(Unsafe.Add(ref a2, ap));
            s20 = TOps.MultiplyAdd(x, b0, s20);
            s21 = TOps.MultiplyAdd(x, b1, s21);
            x = TOps.Broadcast(Unsafe.Add(ref a3, ap));
            s30 = TOps.MultiplyAdd(x, b0, s30);
            s31 = TOps.MultiplyAdd(x, b1, s31);
        }

        TOps.Store(s00, ref c);
        TOps.Store(s01, ref Unsafe.Add(ref c, w));
        TOps.Store(s10, ref c1);
        TOps.Store(s11, ref Unsafe.Add(ref c1, w));
        TOps.Store(s20, ref c2);
        TOps.Store(s21, ref Unsafe.Add(ref c2, w));
        TOps.Store(s30, ref c3);
        TOps.Store(s31, ref Unsafe.Add(ref c3, w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x1<TOps, TVector>(ref float a, nint aRow, nint aCol, ref float b, nint ldb, int kc, ref float c, nint ldc, bool load)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        ref float c1 = ref Unsafe.Add(ref c, ldc);
        ref float c2 = ref Unsafe.Add(ref c1, ldc);
        ref float c3 = ref Unsafe.Add(ref c2, ldc);
        TVector s0 = load ? TOps.Load(ref c) : TOps.Zero;
        TVector s1 = load ? TOps.Load(ref c1) : TOps.Zero;
        TVector s2 = load ? TOps.Load(ref c2) : TOps.Zero;
        TVector s3 = load ? TOps.Load(ref c3) : TOps.Zero;
        ref float a1 = ref Unsafe.Add(ref a, aRow);
        ref float a2 = ref Unsafe.Add(ref a1, aRow);
        ref float a3 = ref Unsafe.Add(ref a2, aRow);
        for (int p = 0; p < kc; p++)
        {
            TVector b0 = TOps.Load(ref Unsafe.Add(ref b, p * ldb));
            nint ap = p * aCol;
            s0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, ap)), b0, s0);
            s1 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a1, ap)), b0, s1);
            s2 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a2, ap)), b0, s2);
            s3 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a3, ap)), b0, s3);
        }

        TOps.Store(s0, ref c);
        TOps.Store(s1, ref c1);
        TOps.Store(s2, ref c2);
        TOps.Store(s3, ref c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x2<TOps, TVector>(ref float a, nint aCol, ref float b, nint ldb, int kc, ref float c, bool load)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int w = TOps.Count;
        TVector s0 = load ? TOps.Load(ref c) : TOps.Zero;
        TVector s1 = load ? TOps.Load(ref Unsafe.Add(ref c, w)) : TOps.Zero;
        for (int p = 0; p < kc; p++)
        {
            ref float bRow = ref Unsafe.Add(ref b, p * ldb);
            TVector x = TOps.Broadcast(Unsafe.Add(ref a, p * aCol));
            s0 = TOps.MultiplyAdd(x, TOps.Load(ref bRow), s0);
            s1 = TOps.MultiplyAdd(x, TOps.Load(ref Unsafe.Add(ref bRow, w)), s1);
        }

        TOps.Store(s0, ref c);
        TOps.Store(s1, ref Unsafe.Add(ref c, w));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x1<TOps, TVector>(ref float a, nint aCol, ref float b, nint ldb, int kc, ref float c, bool load)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        TVector s0 = load ? TOps.Load(ref c) : TOps.Zero;
        for (int p = 0; p < kc; p++)
        {
            s0 = TOps.MultiplyAdd(TOps.Broadcast(Unsafe.Add(ref a, p * aCol)), TOps.Load(ref Unsafe.Add(ref b, p * ldb)), s0);
        }

        TOps.Store(s0, ref c);
    }
}
