using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NomadMuse.Core.Kernels;

/// <summary>
/// Exact int32 dot products of one 16-row panel of a <see cref="QuantizedMatrix"/> with a
/// <see cref="QuantizedVector"/>, one method per <see cref="Int8Path"/>.
/// </summary>
/// <remarks>
/// <para><b>Why the sign trick.</b> VPMADDUBSW multiplies unsigned by signed bytes and adds pairs into int16 with
/// saturation. Feeding it <c>x + 128</c> (0..255) against weights up to 127 could reach 2·255·127 = 64770 and
/// saturate. Instead the SSSE3/AVX2/AVX-512BW paths feed <c>|x|</c> (0..128) against <c>w·sign(x)</c>
/// (−127..127): a pair is at most 2·128·127 = 32512 ≤ 32767, so it never saturates and every path is exact.
/// VPMADDWD against ones then widens pairs to int32 (one 32-bit lane per output row).</para>
/// <para><b>VNNI.</b> VPDPBUSD sums four u8·s8 products straight into int32 without saturation, so the VNNI path
/// feeds <c>x + 128</c> and subtracts <c>128 · Σ_k w[r, k]</c> (the precomputed row sum) at the end.</para>
/// </remarks>
internal static class Int8Kernels
{
    /// <summary>Writes the 16 int32 dot products of panel <paramref name="panel"/> to <paramref name="result"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Panel(QuantizedMatrix w, QuantizedVector x, int panel, Int8Path path, Span<int> result)
    {
        int groups = w.PaddedColumns / 4;
        ReadOnlySpan<sbyte> data = w.Packed.Slice(panel * groups * 64, groups * 64);
        switch (path)
        {
            case Int8Path.Avx512BW:
                PanelAvx512BW(data, groups, x.Magnitudes, x.NegativeMasks, result);
                break;
            case Int8Path.Avx2:
                PanelAvx2(data, groups, x.Magnitudes, x.PaddedValues, result);
                break;
            case Int8Path.Ssse3:
                PanelSsse3(data, groups, x.Magnitudes, x.PaddedValues, result);
                break;
#if NET9_0_OR_GREATER
            case Int8Path.AvxVnni:
                PanelAvxVnni(data, groups, x.OffsetValues, w.PaddedRowSums.Slice(panel * QuantizedMatrix.PanelRows, QuantizedMatrix.PanelRows), result);
                break;
#endif
            default:
                PanelScalar(data, groups, x.PaddedValues, result);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PanelScalar(ReadOnlySpan<sbyte> data, int groups, ReadOnlySpan<sbyte> x, Span<int> result)
    {
        result[..QuantizedMatrix.PanelRows].Clear();
        for (int g = 0; g < groups; g++)
        {
            ReadOnlySpan<sbyte> block = data.Slice(g * 64, 64);
            int x0 = x[4 * g], x1 = x[(4 * g) + 1], x2 = x[(4 * g) + 2], x3 = x[(4 * g) + 3];
            for (int r = 0; r < QuantizedMatrix.PanelRows; r++)
            {
                result[r] += (block[4 * r] * x0) + (block[(4 * r) + 1] * x1) + (block[(4 * r) + 2] * x2) + (block[(4 * r) + 3] * x3);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PanelAvx512BW(ReadOnlySpan<sbyte> data, int groups, ReadOnlySpan<byte> magnitudes, ReadOnlySpan<sbyte> negativeMasks, Span<int> result)
    {
        ref sbyte w = ref MemoryMarshal.GetReference(data);
        ref byte mag = ref MemoryMarshal.GetReference(magnitudes);
        ref byte neg = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(negativeMasks));
        Vector512<short> ones = Vector512.Create((short)1);
        Vector512<int> acc0 = Vector512<int>.Zero, acc1 = Vector512<int>.Zero;
        int g = 0;
        for (; g + 2 <= groups; g += 2)
        {
            acc0 += Step512(ref w, ref mag, ref neg, g, ones);
            acc1 += Step512(ref w, ref mag, ref neg, g + 1, ones);
        }

        if (g < groups)
        {
            acc0 += Step512(ref w, ref mag, ref neg, g, ones);
        }

        (acc0 + acc1).StoreUnsafe(ref MemoryMarshal.GetReference(result));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Step512(ref sbyte w, ref byte mag, ref byte neg, int g, Vector512<short> ones)
    {
        Vector512<sbyte> wv = Vector512.LoadUnsafe(ref w, (nuint)(g * 64));
        Vector512<byte> m = Vector512.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref mag, g * 4))).AsByte();
        Vector512<sbyte> s = Vector512.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref neg, g * 4))).AsSByte();
        Vector512<sbyte> signed = (wv ^ s) - s; // w where x ≥ 0, −w where x < 0 (s is 0 or −1 per byte)
        return Avx512BW.MultiplyAddAdjacent(Avx512BW.MultiplyAddAdjacent(m, signed), ones);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PanelAvx2(ReadOnlySpan<sbyte> data, int groups, ReadOnlySpan<byte> magnitudes, ReadOnlySpan<sbyte> values, Span<int> result)
    {
        ref sbyte w = ref MemoryMarshal.GetReference(data);
        ref byte mag = ref MemoryMarshal.GetReference(magnitudes);
        ref byte val = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(values));
        Vector256<short> ones = Vector256.Create((short)1);
        Vector256<int> lo = Vector256<int>.Zero, hi = Vector256<int>.Zero;
        for (int g = 0; g < groups; g++)
        {
            Vector256<byte> m = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref mag, g * 4))).AsByte();
            Vector256<sbyte> xs = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref val, g * 4))).AsSByte();
            Vector256<sbyte> w0 = Vector256.LoadUnsafe(ref w, (nuint)(g * 64));
            Vector256<sbyte> w1 = Vector256.LoadUnsafe(ref w, (nuint)((g * 64) + 32));
            lo += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(m, Avx2.Sign(w0, xs)), ones);
            hi += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(m, Avx2.Sign(w1, xs)), ones);
        }

        ref int dst = ref MemoryMarshal.GetReference(result);
        lo.StoreUnsafe(ref dst);
        hi.StoreUnsafe(ref dst, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PanelSsse3(ReadOnlySpan<sbyte> data, int groups, ReadOnlySpan<byte> magnitudes, ReadOnlySpan<sbyte> values, Span<int> result)
    {
        ref sbyte w = ref MemoryMarshal.GetReference(data);
        ref byte mag = ref MemoryMarshal.GetReference(magnitudes);
        ref byte val = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(values));
        Vector128<short> ones = Vector128.Create((short)1);
        Vector128<int> a0 = Vector128<int>.Zero, a1 = Vector128<int>.Zero, a2 = Vector128<int>.Zero, a3 = Vector128<int>.Zero;
        for (int g = 0; g < groups; g++)
        {
            Vector128<byte> m = Vector128.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref mag, g * 4))).AsByte();
            Vector128<sbyte> xs = Vector128.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref val, g * 4))).AsSByte();
            nuint o = (nuint)(g * 64);
            a0 += Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(m, Ssse3.Sign(Vector128.LoadUnsafe(ref w, o), xs)), ones);
            a1 += Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(m, Ssse3.Sign(Vector128.LoadUnsafe(ref w, o + 16), xs)), ones);
            a2 += Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(m, Ssse3.Sign(Vector128.LoadUnsafe(ref w, o + 32), xs)), ones);
            a3 += Sse2.MultiplyAddAdjacent(Ssse3.MultiplyAddAdjacent(m, Ssse3.Sign(Vector128.LoadUnsafe(ref w, o + 48), xs)), ones);
        }

        ref int dst = ref MemoryMarshal.GetReference(result);
        a0.StoreUnsafe(ref dst);
        a1.StoreUnsafe(ref dst, 4);
        a2.StoreUnsafe(ref dst, 8);
        a3.StoreUnsafe(ref dst, 12);
    }

#if NET9_0_OR_GREATER
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PanelAvxVnni(ReadOnlySpan<sbyte> data, int groups, ReadOnlySpan<byte> offsetValues, ReadOnlySpan<int> rowSums, Span<int> result)
    {
        ref sbyte w = ref MemoryMarshal.GetReference(data);
        ref byte off = ref MemoryMarshal.GetReference(offsetValues);
        Vector256<int> lo = Vector256<int>.Zero, hi = Vector256<int>.Zero;
        for (int g = 0; g < groups; g++)
        {
            Vector256<byte> xu = Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref off, g * 4))).AsByte();
            lo = AvxVnni.MultiplyWideningAndAdd(lo, xu, Vector256.LoadUnsafe(ref w, (nuint)(g * 64)));
            hi = AvxVnni.MultiplyWideningAndAdd(hi, xu, Vector256.LoadUnsafe(ref w, (nuint)((g * 64) + 32)));
        }

        // Σ (x + 128)·w = Σ x·w + 128·Σ w: remove the offset with the row sums.
        ref int sums = ref MemoryMarshal.GetReference(rowSums);
        ref int dst = ref MemoryMarshal.GetReference(result);
        (lo - (Vector256.LoadUnsafe(ref sums) << 7)).StoreUnsafe(ref dst);
        (hi - (Vector256.LoadUnsafe(ref sums, 8) << 7)).StoreUnsafe(ref dst, 8);
    }
#endif

    /// <summary>
    /// The VNNI path's arithmetic in scalar code (<c>Σ (x + 128)·w − 128·rowSum</c>), so machines without AVX-VNNI
    /// still check the offset correction and the row sums it depends on.
    /// </summary>
    internal static void PanelOffsetScalar(QuantizedMatrix w, QuantizedVector x, int panel, Span<int> result)
    {
        int groups = w.PaddedColumns / 4;
        ReadOnlySpan<sbyte> data = w.Packed.Slice(panel * groups * 64, groups * 64);
        ReadOnlySpan<byte> xu = x.OffsetValues;
        ReadOnlySpan<int> sums = w.PaddedRowSums.Slice(panel * QuantizedMatrix.PanelRows, QuantizedMatrix.PanelRows);
        for (int r = 0; r < QuantizedMatrix.PanelRows; r++)
        {
            int acc = 0;
            for (int g = 0; g < groups; g++)
            {
                for (int j = 0; j < 4; j++)
                {
                    acc += xu[(4 * g) + j] * data[(g * 64) + (4 * r) + j];
                }
            }

            result[r] = acc - (128 * sums[r]);
        }
    }
}
