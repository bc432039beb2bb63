using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// INT8 3×3 convolution (stride 1, padding 1) over channel-last maps as one batched product: every output pixel's
/// im2col column is quantised once with its own scale (<see cref="Unfold"/>), then an int8 GEMM runs 4 pixels × one
/// 16-row weight panel per tile (<see cref="Multiply"/>), so each weight load feeds four pixels and eight
/// independent accumulators hide the latency that a matrix–vector product per pixel is bound by.
/// </summary>
/// <remarks>
/// <para>Numerics are those of one <see cref="Int8Gemv"/> call per pixel on a <see cref="QuantizedVector"/> of its
/// column: the same per-column scale and round-half-even, exact int32 dot products, and the same dequantisation
/// <c>acc·(Scales[r]·scale) + bias[r]</c>. The columns are ordered <c>(tap, channel)</c> rather than PyTorch's
/// <c>(channel, tap)</c>, so the weight matrix must be quantised from the same permutation; per-row scales and every
/// integer are unchanged by it.</para>
/// <para>Paths: AVX-VNNI (VPDPBUSD on <c>q + 128</c>, corrected by <c>128·rowSum</c>), AVX2 (the sign trick of
/// <see cref="Int8Kernels"/>: |q| against <c>w·sign(q)</c>, exact because a pair stays ≤ 32,512), scalar. All give the
/// same integers. Allocates nothing.</para>
/// </remarks>
internal static class Int8Conv3x3
{
    /// <summary>Pixels per tile.</summary>
    public const int TilePixels = 4;

    /// <summary>Bytes of one quantised column: <c>9·channels</c> rounded up to the 4-column groups of <see cref="QuantizedMatrix"/>.</summary>
    public static int ColumnBytes(int channels) => ((9 * channels) + 3) & ~3;

    /// <summary>The path this kernel runs for the best <see cref="Int8Path"/> of the process.</summary>
    public static Int8Path PathFor(Int8Path best) => best switch
    {
        Int8Path.AvxVnni => Int8Path.AvxVnni,
        Int8Path.Avx512BW or Int8Path.Avx2 when Avx2.IsSupported => Int8Path.Avx2,
        _ => Int8Path.Scalar,
    };

    /// <summary>Whether this kernel implements <paramref name="path"/> (and the CPU runs it).</summary>
    public static bool Supports(Int8Path path) =>
        path is Int8Path.Scalar or Int8Path.Avx2 or Int8Path.AvxVnni && Int8Paths.IsSupported(path);

    /// <summary>
    /// Quantises the im2col column of every pixel of a row-padded <c>[height + 2, width, channels]</c> map (see
    /// <see cref="Conv3x3Kernels"/>) into <paramref name="columns"/> (<c>[pixels, ColumnBytes]</c>) with one scale per
    /// pixel in <paramref name="scales"/>; stored as <c>q + 128</c> for the AVX-VNNI path, as q otherwise.
    /// </summary>
    /// <exception cref="ArgumentException">The map holds a NaN or infinity.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unfold(
        ReadOnlySpan<float> paddedInput, int height, int width, int channels, Span<float> column, Span<sbyte> columns, Span<float> scales, Int8Path path)
    {
        int k = 9 * channels, kp = ColumnBytes(channels);
        KernelGuard.Length(paddedInput.Length, (long)(height + 2) * width * channels, nameof(paddedInput));
        KernelGuard.Length(column.Length, k, nameof(column));
        KernelGuard.Length(columns.Length, (long)height * width * kp, nameof(columns));
        KernelGuard.Length(scales.Length, (long)height * width, nameof(scales));
        Span<float> gathered = column[..k];
        bool offset = path == Int8Path.AvxVnni;
        for (int y = 0, p = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++, p++)
            {
                for (int dy = 0, t = 0; dy < 3; dy++)
                {
                    for (int dx = 0; dx < 3; dx++, t++)
                    {
                        Span<float> dst = gathered.Slice(t * channels, channels);
                        int xx = x + dx - 1;
                        if ((uint)xx < (uint)width)
                        {
                            paddedInput.Slice((((y + dy) * width) + xx) * channels, channels).CopyTo(dst);
                        }
                        else
                        {
                            dst.Clear();
                        }
                    }
                }

                scales[p] = Quantize(gathered, columns.Slice(p * kp, kp), offset);
            }
        }
    }

    /// <summary>
    /// <c>output[p, r] = acc[p, r]·(Scales[r]·scales[p]) + bias[r]</c> with <c>acc</c> the exact int32 dot product of
    /// column p and weight row r; output is channel-last <c>[pixels, Rows]</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // the accumulator tile is fully written by every kernel before it is read
    public static void Multiply(
        ReadOnlySpan<sbyte> columns, ReadOnlySpan<float> scales, int pixels, QuantizedMatrix weights, ReadOnlySpan<float> bias, Span<float> output, Int8Path path)
    {
        int kp = weights.PaddedColumns, groups = kp / 4, rows = weights.Rows;
        KernelGuard.Length(columns.Length, (long)pixels * kp, nameof(columns));
        KernelGuard.Length(scales.Length, pixels, nameof(scales));
        KernelGuard.Length(bias.Length, rows, nameof(bias));
        KernelGuard.Length(output.Length, (long)pixels * rows, nameof(output));
        if (pixels == 0)
        {
            return;
        }

        Span<int> acc = stackalloc int[TilePixels * QuantizedMatrix.PanelRows];
        ReadOnlySpan<float> weightScales = weights.PaddedScales;
        ref sbyte c = ref MemoryMarshal.GetReference(columns);
        for (int panel = 0; panel < weights.Panels; panel++)
        {
            ReadOnlySpan<sbyte> data = weights.Packed.Slice(panel * groups * 64, groups * 64);
            ReadOnlySpan<int> rowSums = weights.PaddedRowSums.Slice(panel * QuantizedMatrix.PanelRows, QuantizedMatrix.PanelRows);
            int r0 = panel * QuantizedMatrix.PanelRows;
            int count = Math.Min(QuantizedMatrix.PanelRows, rows - r0);
            for (int i = 0; i < pixels; i += TilePixels)
            {
                // A short last tile repeats its last pixel; the extra results are not stored.
                int last = pixels - 1;
                ref sbyte c0 = ref Unsafe.Add(ref c, (nint)i * kp);
                ref sbyte c1 = ref Unsafe.Add(ref c, (nint)Math.Min(i + 1, last) * kp);
                ref sbyte c2 = ref Unsafe.Add(ref c, (nint)Math.Min(i + 2, last) * kp);
                ref sbyte c3 = ref Unsafe.Add(ref c, (nint)Math.Min(i + 3, last) * kp);
                switch (path)
                {
#if NET9_0_OR_GREATER
                    case Int8Path.AvxVnni:
                        TileAvxVnni(data, groups, ref c0, ref c1, ref c2, ref c3, rowSums, acc);
                        break;
#endif
                    case Int8Path.Avx2:
                        TileAvx2(data, groups, ref c0, ref c1, ref c2, ref c3, acc);
                        break;
                    default:
                        TileScalar(data, groups, ref c0, ref c1, ref c2, ref c3, acc);
                        break;
                }

                int n = Math.Min(TilePixels, pixels - i);
                for (int j = 0; j < n; j++)
                {
                    float xScale = scales[i + j];
                    Span<float> y = output.Slice(((i + j) * rows) + r0, count);
                    ReadOnlySpan<int> a = acc.Slice(j * QuantizedMatrix.PanelRows, count);
                    for (int r = 0; r < y.Length; r++)
                    {
                        // The expression of Int8Gemv, so results match a per-pixel product bit for bit.
                        float v = a[r] * (weightScales[r0 + r] * xScale);
                        v += bias[r0 + r];
                        y[r] = v;
                    }
                }
            }
        }
    }

    /// <summary>Quantises one column as <see cref="QuantizedVector.Quantize"/> does; returns its scale.</summary>
    private static float Quantize(ReadOnlySpan<float> x, Span<sbyte> q, bool offset)
    {
        float max = MathF.Abs(TensorPrimitives.MaxMagnitude(x));
        if (!float.IsFinite(max))
        {
            throw new ArgumentException($"The convolution input holds a non-finite value ({max}); only finite values can be quantised.", nameof(x));
        }

        float scale = 0f;
        if (max == 0f)
        {
            q.Clear();
        }
        else
        {
            scale = max / 127f;
            QuantizedVector.RoundToInt8(x, 127f / max, q[..x.Length]);
            q[x.Length..].Clear();
        }

        if (offset)
        {
            Span<byte> bytes = MemoryMarshal.AsBytes(q);
            int k = 0;
            if (Vector128.IsHardwareAccelerated)
            {
                ref byte b = ref MemoryMarshal.GetReference(bytes);
                Vector128<byte> signBit = Vector128.Create((byte)0x80);
                for (; k + 16 <= bytes.Length; k += 16)
                {
                    (Vector128.LoadUnsafe(ref b, (nuint)k) ^ signBit).StoreUnsafe(ref b, (nuint)k);
                }
            }

            for (; k < bytes.Length; k++)
            {
                bytes[k] ^= 0x80; // q + 128 as an unsigned byte
            }
        }

        return scale;
    }

#if NET9_0_OR_GREATER
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TileAvxVnni(
        ReadOnlySpan<sbyte> data, int groups, ref sbyte c0, ref sbyte c1, ref sbyte c2, ref sbyte c3, ReadOnlySpan<int> rowSums, Span<int> result)
    {
        ref sbyte w = ref MemoryMarshal.GetReference(data);
        Vector256<int> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default, l3 = default, h3 = default;
        for (int g = 0; g < groups; g++)
        {
            Vector256<sbyte> wl = Vector256.LoadUnsafe(ref w, (nuint)(g * 64));
            Vector256<sbyte> wh = Vector256.LoadUnsafe(ref w, (nuint)((g * 64) + 32));
            Vector256<byte> x = Broadcast4(ref c0, g).AsByte();
            l0 = AvxVnni.MultiplyWideningAndAdd(l0, x, wl);
            h0 = AvxVnni.MultiplyWideningAndAdd(h0, x, wh);
            x = Broadcast4(ref c1, g).AsByte();
            l1 = AvxVnni.MultiplyWideningAndAdd(l1, x, wl);
            h1 = AvxVnni.MultiplyWideningAndAdd(h1, x, wh);
            x = Broadcast4(ref c2, g).AsByte();
            l2 = AvxVnni.MultiplyWideningAndAdd(l2, x, wl);
            h2 = AvxVnni.MultiplyWideningAndAdd(h2, x, wh);
            x = Broadcast4(ref c3, g).AsByte();
            l3 = AvxVnni.MultiplyWideningAndAdd(l3, x, wl);
            h3 = AvxVnni.MultiplyWideningAndAdd(h3, x, wh);
        }

        // Σ (q + 128)·w = Σ q·w + 128·Σ w: remove the offset with the row sums.
        ref int sums = ref MemoryMarshal.GetReference(rowSums);
        Vector256<int> lo = Vector256.LoadUnsafe(ref sums) << 7;
        Vector256<int> hi = Vector256.LoadUnsafe(ref sums, 8) << 7;
        ref int dst = ref MemoryMarshal.GetReference(result);
        (l0 - lo).StoreUnsafe(ref dst);
        (h0 - hi).StoreUnsafe(ref dst, 8);
        (l1 - lo).StoreUnsafe(ref dst, 16);
        (h1 - hi).StoreUnsafe(ref dst, 24);
        (l2 - lo).StoreUnsafe(ref dst, 32);
        (h2 - hi).StoreUnsafe(ref dst, 40);
        (l3 - lo).StoreUnsafe(ref dst, 48);
        (h3 - hi).StoreUnsafe(ref dst, 56);
    }
#endif

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TileAvx2(ReadOnlySpan<sbyte> data, int groups, ref sbyte c0, ref sbyte c1, ref sbyte c2, ref sbyte c3, Span<int> result)
    {
        ref sbyte w = ref MemoryMarshal.GetReference(data);
        Vector256<int> l0 = default, h0 = default, l1 = default, h1 = default, l2 = default, h2 = default, l3 = default, h3 = default;
        for (int g = 0; g < groups; g++)
        {
            Vector256<sbyte> wl = Vector256.LoadUnsafe(ref w, (nuint)(g * 64));
            Vector256<sbyte> wh = Vector256.LoadUnsafe(ref w, (nuint)((g * 64) + 32));
            SignedStep(Broadcast4(ref c0, g), wl, wh, ref l0, ref h0);
            SignedStep(Broadcast4(ref c1, g), wl, wh, ref l1, ref h1);
            SignedStep(Broadcast4(ref c2, g), wl, wh, ref l2, ref h2);
            SignedStep(Broadcast4(ref c3, g), wl, wh, ref l3, ref h3);
        }

        ref int dst = ref MemoryMarshal.GetReference(result);
        l0.StoreUnsafe(ref dst);
        h0.StoreUnsafe(ref dst, 8);
        l1.StoreUnsafe(ref dst, 16);
        h1.StoreUnsafe(ref dst, 24);
        l2.StoreUnsafe(ref dst, 32);
        h2.StoreUnsafe(ref dst, 40);
        l3.StoreUnsafe(ref dst, 48);
        h3.StoreUnsafe(ref dst, 56);
    }

    /// <summary>|q| (0..127) against w·sign(q) (−127..127): a VPMADDUBSW pair is at most 32,258, so it never saturates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SignedStep(Vector256<sbyte> x, Vector256<sbyte> wl, Vector256<sbyte> wh, ref Vector256<int> lo, ref Vector256<int> hi)
    {
        Vector256<short> ones = Vector256.Create((short)1);
        Vector256<byte> magnitude = Avx2.Abs(x);
        lo += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(wl, x)), ones);
        hi += Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(magnitude, Avx2.Sign(wh, x)), ones);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<sbyte> Broadcast4(ref sbyte column, int group) =>
        Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.As<sbyte, byte>(ref Unsafe.Add(ref column, group * 4)))).AsSByte();

    private static void TileScalar(ReadOnlySpan<sbyte> data, int groups, ref sbyte c0, ref sbyte c1, ref sbyte c2, ref sbyte c3, Span<int> result)
    {
        TileScalarPixel(data, groups, ref c0, result[..16]);
        TileScalarPixel(data, groups, ref c1, result.Slice(16, 16));
        TileScalarPixel(data, groups, ref c2, result.Slice(32, 16));
        TileScalarPixel(data, groups, ref c3, result.Slice(48, 16));
    }

    private static void TileScalarPixel(ReadOnlySpan<sbyte> data, int groups, ref sbyte column, Span<int> result)
    {
        for (int r = 0; r < QuantizedMatrix.PanelRows; r++)
        {
            int acc = 0;
            for (int g = 0; g < groups; g++)
            {
                for (int j = 0; j < 4; j++)
                {
                    acc += Unsafe.Add(ref column, (4 * g) + j) * data[(g * 64) + (4 * r) + j];
                }
            }

            result[r] = acc;
        }
    }
}
