using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NomadMuse.Core.Dsp;

/// <summary>
/// Radix-4 and radix-2 Stockham passes over split-complex arrays (separate real and imaginary planes).
/// </summary>
/// <remarks>
/// In a Stockham pass the innermost loop runs over the <c>s</c> interleaved sub-transforms, whose elements are
/// contiguous, so every butterfly of that loop is a plain vector operation on the real and imaginary planes with a
/// broadcast twiddle. The widest vector that fits <c>s</c> is used (512, 256, 128 bits). The first pass
/// (<c>s = 1</c>) is vectorised over the other index with an SSE 4×4 transpose, or runs scalar without SSE.
/// Allocation-free; safe on any thread for distinct buffers.
/// </remarks>
internal static class StockhamKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix4(StockhamStage stage, Span<float> xr, Span<float> xi, Span<float> yr, Span<float> yi)
    {
        int s = stage.Stride;
        int m = stage.Length / 4;
        if (s == 1 && Sse.IsSupported && m >= 4)
        {
            FirstRadix4Sse(stage, xr, xi, yr, yi);
            return;
        }

        ReadOnlySpan<float> wr = stage.TwiddleRe;
        ReadOnlySpan<float> wi = stage.TwiddleIm;
        ref float xr0 = ref xr[0];
        ref float xi0 = ref xi[0];
        ref float yr0 = ref yr[0];
        ref float yi0 = ref yi[0];
        for (int p = 0; p < m; p++)
        {
            float w1r = wr[p], w1i = wi[p];
            float w2r = wr[m + p], w2i = wi[m + p];
            float w3r = wr[(2 * m) + p], w3i = wi[(2 * m) + p];
            int ia = s * p, ib = s * (p + m), ic = s * (p + (2 * m)), id = s * (p + (3 * m));
            int o0 = s * 4 * p, o1 = o0 + s, o2 = o1 + s, o3 = o2 + s;
            int q = 0;
            if (Vector512.IsHardwareAccelerated && s >= Vector512<float>.Count)
            {
                var v1r = Vector512.Create(w1r); var v1i = Vector512.Create(w1i);
                var v2r = Vector512.Create(w2r); var v2i = Vector512.Create(w2i);
                var v3r = Vector512.Create(w3r); var v3i = Vector512.Create(w3i);
                for (; q < s; q += Vector512<float>.Count)
                {
                    var ar = Vector512.LoadUnsafe(ref xr0, (nuint)(ia + q)); var ai = Vector512.LoadUnsafe(ref xi0, (nuint)(ia + q));
                    var br = Vector512.LoadUnsafe(ref xr0, (nuint)(ib + q)); var bi = Vector512.LoadUnsafe(ref xi0, (nuint)(ib + q));
                    var cr = Vector512.LoadUnsafe(ref xr0, (nuint)(ic + q)); var ci = Vector512.LoadUnsafe(ref xi0, (nuint)(ic + q));
                    var dr = Vector512.LoadUnsafe(ref xr0, (nuint)(id + q)); var di = Vector512.LoadUnsafe(ref xi0, (nuint)(id + q));
                    var sacR = ar + cr; var sacI = ai + ci; var dacR = ar - cr; var dacI = ai - ci;
                    var sbdR = br + dr; var sbdI = bi + di; var dbdR = br - dr; var dbdI = bi - di;
                    (sacR + sbdR).StoreUnsafe(ref yr0, (nuint)(o0 + q));
                    (sacI + sbdI).StoreUnsafe(ref yi0, (nuint)(o0 + q));
                    var t1r = dacR + dbdI; var t1i = dacI - dbdR;
                    ((t1r * v1r) - (t1i * v1i)).StoreUnsafe(ref yr0, (nuint)(o1 + q));
                    ((t1r * v1i) + (t1i * v1r)).StoreUnsafe(ref yi0, (nuint)(o1 + q));
                    var t2r = sacR - sbdR; var t2i = sacI - sbdI;
                    ((t2r * v2r) - (t2i * v2i)).StoreUnsafe(ref yr0, (nuint)(o2 + q));
                    ((t2r * v2i) + (t2i * v2r)).StoreUnsafe(ref yi0, (nuint)(o2 + q));
                    var t3r = dacR - dbdI; var t3i = dacI + dbdR;
                    ((t3r * v3r) - (t3i * v3i)).StoreUnsafe(ref yr0, (nuint)(o3 + q));
                    ((t3r * v3i) + (t3i * v3r)).StoreUnsafe(ref yi0, (nuint)(o3 + q));
                }
            }
            else if (Vector256.IsHardwareAccelerated && s >= Vector256<float>.Count)
            {
                var v1r = Vector256.Create(w1r); var v1i = Vector256.Create(w1i);
                var v2r = Vector256.Create(w2r); var v2i = Vector256.Create(w2i);
                var v3r = Vector256.Create(w3r); var v3i = Vector256.Create(w3i);
                for (; q < s; q += Vector256<float>.Count)
                {
                    var ar = Vector256.LoadUnsafe(ref xr0, (nuint)(ia + q)); var ai = Vector256.LoadUnsafe(ref xi0, (nuint)(ia + q));
                    var br = Vector256.LoadUnsafe(ref xr0, (nuint)(ib + q)); var bi = Vector256.LoadUnsafe(ref xi0, (nuint)(ib + q));
                    var cr = Vector256.LoadUnsafe(ref xr0, (nuint)(ic + q)); var ci = Vector256.LoadUnsafe(ref xi0, (nuint)(ic + q));
                    var dr = Vector256.LoadUnsafe(ref xr0, (nuint)(id + q)); var di = Vector256.LoadUnsafe(ref xi0, (nuint)(id + q));
                    var sacR = ar + cr; var sacI = ai + ci; var dacR = ar - cr; var dacI = ai - ci;
                    var sbdR = br + dr; var sbdI = bi + di; var dbdR = br - dr; var dbdI = bi - di;
                    (sacR + sbdR).StoreUnsafe(ref yr0, (nuint)(o0 + q));
                    (sacI + sbdI).StoreUnsafe(ref yi0, (nuint)(o0 + q));
                    var t1r = dacR + dbdI; var t1i = dacI - dbdR;
                    ((t1r * v1r) - (t1i * v1i)).StoreUnsafe(ref yr0, (nuint)(o1 + q));
                    ((t1r * v1i) + (t1i * v1r)).StoreUnsafe(ref yi0, (nuint)(o1 + q));
                    var t2r = sacR - sbdR; var t2i = sacI - sbdI;
                    ((t2r * v2r) - (t2i * v2i)).StoreUnsafe(ref yr0, (nuint)(o2 + q));
                    ((t2r * v2i) + (t2i * v2r)).StoreUnsafe(ref yi0, (nuint)(o2 + q));
                    var t3r = dacR - dbdI; var t3i = dacI + dbdR;
                    ((t3r * v3r) - (t3i * v3i)).StoreUnsafe(ref yr0, (nuint)(o3 + q));
                    ((t3r * v3i) + (t3i * v3r)).StoreUnsafe(ref yi0, (nuint)(o3 + q));
                }
            }
            else if (Vector128.IsHardwareAccelerated && s >= Vector128<float>.Count)
            {
                var v1r = Vector128.Create(w1r); var v1i = Vector128.Create(w1i);
                var v2r = Vector128.Create(w2r); var v2i = Vector128.Create(w2i);
                var v3r = Vector128.Create(w3r); var v3i = Vector128.Create(w3i);
                for (; q < s; q += Vector128<float>.Count)
                {
                    var ar = Vector128.LoadUnsafe(ref xr0, (nuint)(ia + q)); var ai = Vector128.LoadUnsafe(ref xi0, (nuint)(ia + q));
                    var br = Vector128.LoadUnsafe(ref xr0, (nuint)(ib + q)); var bi = Vector128.LoadUnsafe(ref xi0, (nuint)(ib + q));
                    var cr = Vector128.LoadUnsafe(ref xr0, (nuint)(ic + q)); var ci = Vector128.LoadUnsafe(ref xi0, (nuint)(ic + q));
                    var dr = Vector128.LoadUnsafe(ref xr0, (nuint)(id + q)); var di = Vector128.LoadUnsafe(ref xi0, (nuint)(id + q));
                    var sacR = ar + cr; var sacI = ai + ci; var dacR = ar - cr; var dacI = ai - ci;
                    var sbdR = br + dr; var sbdI = bi + di; var dbdR = br - dr; var dbdI = bi - di;
                    (sacR + sbdR).StoreUnsafe(ref yr0, (nuint)(o0 + q));
                    (sacI + sbdI).StoreUnsafe(ref yi0, (nuint)(o0 + q));
                    var t1r = dacR + dbdI; var t1i = dacI - dbdR;
                    ((t1r * v1r) - (t1i * v1i)).StoreUnsafe(ref yr0, (nuint)(o1 + q));
                    ((t1r * v1i) + (t1i * v1r)).StoreUnsafe(ref yi0, (nuint)(o1 + q));
                    var t2r = sacR - sbdR; var t2i = sacI - sbdI;
                    ((t2r * v2r) - (t2i * v2i)).StoreUnsafe(ref yr0, (nuint)(o2 + q));
                    ((t2r * v2i) + (t2i * v2r)).StoreUnsafe(ref yi0, (nuint)(o2 + q));
                    var t3r = dacR - dbdI; var t3i = dacI + dbdR;
                    ((t3r * v3r) - (t3i * v3i)).StoreUnsafe(ref yr0, (nuint)(o3 + q));
                    ((t3r * v3i) + (t3i * v3r)).StoreUnsafe(ref yi0, (nuint)(o3 + q));
                }
            }

            for (; q < s; q++)
            {
                float ar = xr[ia + q], ai = xi[ia + q], br = xr[ib + q], bi = xi[ib + q];
                float cr = xr[ic + q], ci = xi[ic + q], dr = xr[id + q], di = xi[id + q];
                float sacR = ar + cr, sacI = ai + ci, dacR = ar - cr, dacI = ai - ci;
                float sbdR = br + dr, sbdI = bi + di, dbdR = br - dr, dbdI = bi - di;
                yr[o0 + q] = sacR + sbdR;
                yi[o0 + q] = sacI + sbdI;
                // (a − c) − i(b − d), then the twiddles W^p, W^2p, W^3p.
                float t1r = dacR + dbdI, t1i = dacI - dbdR;
                yr[o1 + q] = (t1r * w1r) - (t1i * w1i);
                yi[o1 + q] = (t1r * w1i) + (t1i * w1r);
                float t2r = sacR - sbdR, t2i = sacI - sbdI;
                yr[o2 + q] = (t2r * w2r) - (t2i * w2i);
                yi[o2 + q] = (t2r * w2i) + (t2i * w2r);
                float t3r = dacR - dbdI, t3i = dacI + dbdR;
                yr[o3 + q] = (t3r * w3r) - (t3i * w3i);
                yi[o3 + q] = (t3r * w3i) + (t3i * w3r);
            }
        }
    }

    /// <summary>
    /// The first pass (<c>s = 1</c>) vectorised over <c>p</c> instead of <c>q</c>: inputs and twiddles are contiguous
    /// in <c>p</c>, and the four outputs of four consecutive <c>p</c> are a 4×4 transpose away from their places.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FirstRadix4Sse(StockhamStage stage, Span<float> xr, Span<float> xi, Span<float> yr, Span<float> yi)
    {
        int m = stage.Length / 4;
        ref float xr0 = ref xr[0];
        ref float xi0 = ref xi[0];
        ref float yr0 = ref yr[0];
        ref float yi0 = ref yi[0];
        ref float wr = ref stage.TwiddleRe[0];
        ref float wi = ref stage.TwiddleIm[0];
        for (int p = 0; p < m; p += 4)
        {
            var ar = Vector128.LoadUnsafe(ref xr0, (nuint)p); var ai = Vector128.LoadUnsafe(ref xi0, (nuint)p);
            var br = Vector128.LoadUnsafe(ref xr0, (nuint)(p + m)); var bi = Vector128.LoadUnsafe(ref xi0, (nuint)(p + m));
            var cr = Vector128.LoadUnsafe(ref xr0, (nuint)(p + (2 * m))); var ci = Vector128.LoadUnsafe(ref xi0, (nuint)(p + (2 * m)));
            var dr = Vector128.LoadUnsafe(ref xr0, (nuint)(p + (3 * m))); var di = Vector128.LoadUnsafe(ref xi0, (nuint)(p + (3 * m)));
            var v1r = Vector128.LoadUnsafe(ref wr, (nuint)p); var v1i = Vector128.LoadUnsafe(ref wi, (nuint)p);
            var v2r = Vector128.LoadUnsafe(ref wr, (nuint)(m + p)); var v2i = Vector128.LoadUnsafe(ref wi, (nuint)(m + p));
            var v3r = Vector128.LoadUnsafe(ref wr, (nuint)((2 * m) + p)); var v3i = Vector128.LoadUnsafe(ref wi, (nuint)((2 * m) + p));
            var sacR = ar + cr; var sacI = ai + ci; var dacR = ar - cr; var dacI = ai - ci;
            var sbdR = br + dr; var sbdI = bi + di; var dbdR = br - dr; var dbdI = bi - di;
            var o0r = sacR + sbdR; var o0i = sacI + sbdI;
            var t1r = dacR + dbdI; var t1i = dacI - dbdR;
            var o1r = (t1r * v1r) - (t1i * v1i); var o1i = (t1r * v1i) + (t1i * v1r);
            var t2r = sacR - sbdR; var t2i = sacI - sbdI;
            var o2r = (t2r * v2r) - (t2i * v2i); var o2i = (t2r * v2i) + (t2i * v2r);
            var t3r = dacR - dbdI; var t3i = dacI + dbdR;
            var o3r = (t3r * v3r) - (t3i * v3i); var o3i = (t3r * v3i) + (t3i * v3r);
            StoreTransposed(o0r, o1r, o2r, o3r, ref yr0, 4 * p);
            StoreTransposed(o0i, o1i, o2i, o3i, ref yi0, 4 * p);
        }
    }

    /// <summary>Writes <c>[a0 b0 c0 d0 a1 b1 c1 d1 …]</c> (a 4×4 transpose) at <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTransposed(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d, ref float destination, int offset)
    {
        var ab01 = Sse.UnpackLow(a, b);   // a0 b0 a1 b1
        var cd01 = Sse.UnpackLow(c, d);   // c0 d0 c1 d1
        var ab23 = Sse.UnpackHigh(a, b);  // a2 b2 a3 b3
        var cd23 = Sse.UnpackHigh(c, d);  // c2 d2 c3 d3
        Sse.MoveLowToHigh(ab01, cd01).StoreUnsafe(ref destination, (nuint)offset);
        Sse.MoveHighToLow(cd01, ab01).StoreUnsafe(ref destination, (nuint)(offset + 4));
        Sse.MoveLowToHigh(ab23, cd23).StoreUnsafe(ref destination, (nuint)(offset + 8));
        Sse.MoveHighToLow(cd23, ab23).StoreUnsafe(ref destination, (nuint)(offset + 12));
    }

    /// <summary>The last pass when log2(n) is odd: <c>n = 2</c>, so there are no twiddles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix2Final(int s, Span<float> xr, Span<float> xi, Span<float> yr, Span<float> yi)
    {
        int q = 0;
        ref float xr0 = ref xr[0];
        ref float xi0 = ref xi[0];
        ref float yr0 = ref yr[0];
        ref float yi0 = ref yi[0];
        if (Vector512.IsHardwareAccelerated && s >= Vector512<float>.Count)
        {
            for (; q < s; q += Vector512<float>.Count)
            {
                var ar = Vector512.LoadUnsafe(ref xr0, (nuint)q); var ai = Vector512.LoadUnsafe(ref xi0, (nuint)q);
                var br = Vector512.LoadUnsafe(ref xr0, (nuint)(s + q)); var bi = Vector512.LoadUnsafe(ref xi0, (nuint)(s + q));
                (ar + br).StoreUnsafe(ref yr0, (nuint)q); (ai + bi).StoreUnsafe(ref yi0, (nuint)q);
                (ar - br).StoreUnsafe(ref yr0, (nuint)(s + q)); (ai - bi).StoreUnsafe(ref yi0, (nuint)(s + q));
            }
        }
        else if (Vector256.IsHardwareAccelerated && s >= Vector256<float>.Count)
        {
            for (; q < s; q += Vector256<float>.Count)
            {
                var ar = Vector256.LoadUnsafe(ref xr0, (nuint)q); var ai = Vector256.LoadUnsafe(ref xi0, (nuint)q);
                var br = Vector256.LoadUnsafe(ref xr0, (nuint)(s + q)); var bi = Vector256.LoadUnsafe(ref xi0, (nuint)(s + q));
                (ar + br).StoreUnsafe(ref yr0, (nuint)q); (ai + bi).StoreUnsafe(ref yi0, (nuint)q);
                (ar - br).StoreUnsafe(ref yr0, (nuint)(s + q)); (ai - bi).StoreUnsafe(ref yi0, (nuint)(s + q));
            }
        }
        else if (Vector128.IsHardwareAccelerated && s >= Vector128<float>.Count)
        {
            for (; q < s; q += Vector128<float>.Count)
            {
                var ar = Vector128.LoadUnsafe(ref xr0, (nuint)q); var ai = Vector128.LoadUnsafe(ref xi0, (nuint)q);
                var br = Vector128.LoadUnsafe(ref xr0, (nuint)(s + q)); var bi = Vector128.LoadUnsafe(ref xi0, (nuint)(s + q));
                (ar + br).StoreUnsafe(ref yr0, (nuint)q); (ai + bi).StoreUnsafe(ref yi0, (nuint)q);
                (ar - br).StoreUnsafe(ref yr0, (nuint)(s + q)); (ai - bi).StoreUnsafe(ref yi0, (nuint)(s + q));
            }
        }

        for (; q < s; q++)
        {
            float ar = xr[q], ai = xi[q], br = xr[s + q], bi = xi[s + q];
            yr[q] = ar + br;
            yi[q] = ai + bi;
            yr[s + q] = ar - br;
            yi[s + q] = ai - bi;
        }
    }
}
