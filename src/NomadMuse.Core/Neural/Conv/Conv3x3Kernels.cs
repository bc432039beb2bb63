using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// Direct fp32 3×3 convolution (stride 1, padding 1) over channel-last maps, for the small spectrogram maps of the
/// classifier (128×5, 64×2, 32×1) where im2col + GEMM spends more time unfolding than multiplying.
/// </summary>
/// <remarks>
/// <para>Layouts. The input is <c>[height + 2, width, channels]</c> with rows 0 and <c>height + 1</c> zero (the
/// vertical padding is stored; the horizontal padding is skipped by leaving out the taps that would read it). The
/// weights are <c>[3, 3, channels, outChannels]</c> (tap-major, output channel fastest) and the output is
/// <c>[height, width, outChannels]</c>. In this layout the input of one tap for one pixel is a contiguous run of
/// <c>channels</c> floats, and the weights of one (tap, channel) a contiguous run of output channels.</para>
/// <para>Micro-kernel: a tile of 4 pixels down one column of the map × 2 vectors of output channels lives in 8
/// registers; each input channel loads the two weight vectors once and broadcasts one input per pixel, so 6 loads
/// feed 8 FMAs and 8 independent accumulation chains hide the FMA latency. Allocates nothing.</para>
/// </remarks>
internal static class Conv3x3Kernels
{
    /// <summary>Pixels per tile (down one column of the map).</summary>
    private const int TilePixels = 4;

    /// <summary><c>output = bias + conv3x3(input, weights)</c> in the layouts of the class remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Convolve(
        ReadOnlySpan<float> paddedInput, int height, int width, int channels, ReadOnlySpan<float> weights, ReadOnlySpan<float> bias,
        int outChannels, Span<float> output, SimdPath path)
    {
        KernelGuard.Length(paddedInput.Length, (long)(height + 2) * width * channels, nameof(paddedInput));
        KernelGuard.Length(weights.Length, 9L * channels * outChannels, nameof(weights));
        KernelGuard.Length(bias.Length, outChannels, nameof(bias));
        KernelGuard.Length(output.Length, (long)height * width * outChannels, nameof(output));
        ref float input = ref MemoryMarshal.GetReference(paddedInput);
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float b = ref MemoryMarshal.GetReference(bias);
        ref float y = ref MemoryMarshal.GetReference(output);
        var shape = new Shape(height, width, channels, outChannels);
        for (int x = 0; x < width; x++)
        {
            // Taps whose column falls into the horizontal padding read only zeros: skip them.
            int dxFirst = x == 0 ? 1 : 0;
            int dxLast = x == width - 1 ? 1 : 2;
            int o = 0;
            if (path >= SimdPath.Vector512)
            {
                o = Strips<Vector512Ops, Vector512<float>>(ref input, ref w, ref b, ref y, shape, x, dxFirst, dxLast, o);
            }

            if (path >= SimdPath.Vector256)
            {
                o = Strips<Vector256Ops, Vector256<float>>(ref input, ref w, ref b, ref y, shape, x, dxFirst, dxLast, o);
            }

            if (path >= SimdPath.Vector128)
            {
                o = Strips<Vector128Ops, Vector128<float>>(ref input, ref w, ref b, ref y, shape, x, dxFirst, dxLast, o);
            }

            Strips<ScalarOps, float>(ref input, ref w, ref b, ref y, shape, x, dxFirst, dxLast, o);
        }
    }

    /// <summary>Covers output channels from <paramref name="o"/> for map column <paramref name="x"/>; returns where it stopped.</summary>
    /// <remarks>Not inlined: each vector width gets its own body, so the JIT's inlining budget goes to the tiles.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Strips<TOps, TVector>(
        ref float input, ref float w, ref float bias, ref float output, Shape s, int x, int dxFirst, int dxLast, int o)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int lanes = TOps.Count;
        nint inStride = (nint)s.Width * s.Channels, outStride = (nint)s.Width * s.OutChannels;
        for (; o + (2 * lanes) <= s.OutChannels; o += 2 * lanes)
        {
            int yy = 0;
            for (; yy + TilePixels <= s.Height; yy += TilePixels)
            {
                Tile<TOps, TVector>(ref input, ref Unsafe.Add(ref w, o), ref Unsafe.Add(ref bias, o), ref Unsafe.Add(ref output, (yy * outStride) + ((nint)x * s.OutChannels) + o),
                    s, (yy * inStride) + ((nint)x * s.Channels), inStride, outStride, dxFirst, dxLast, TilePixels, 2);
            }

            for (; yy < s.Height; yy++)
            {
                Tile<TOps, TVector>(ref input, ref Unsafe.Add(ref w, o), ref Unsafe.Add(ref bias, o), ref Unsafe.Add(ref output, (yy * outStride) + ((nint)x * s.OutChannels) + o),
                    s, (yy * inStride) + ((nint)x * s.Channels), inStride, outStride, dxFirst, dxLast, 1, 2);
            }
        }

        for (; o + lanes <= s.OutChannels; o += lanes)
        {
            for (int yy = 0; yy < s.Height; yy++)
            {
                Tile<TOps, TVector>(ref input, ref Unsafe.Add(ref w, o), ref Unsafe.Add(ref bias, o), ref Unsafe.Add(ref output, (yy * outStride) + ((nint)x * s.OutChannels) + o),
                    s, (yy * inStride) + ((nint)x * s.Channels), inStride, outStride, dxFirst, dxLast, 1, 1);
            }
        }

        return o;
    }

    /// <summary>
    /// One tile of <paramref name="pixels"/> (1 or 4) × <paramref name="vectors"/> (1 or 2) output vectors. Pixel i is
    /// map row <c>y + i</c>; <paramref name="pixelBase"/> is <c>(y·width + x)·channels</c>, which is also where padded row
    /// y (the row above pixel 0) holds column x. Unused accumulators cost nothing: the JIT folds the constant counts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TOps, TVector>(
        ref float input, ref float w, ref float bias, ref float output, Shape s, nint pixelBase, nint inStride, nint outStride,
        int dxFirst, int dxLast, int pixels, int vectors)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        int lanes = TOps.Count;
        nint outC = s.OutChannels;
        TVector bias0 = TOps.Load(ref bias);
        TVector bias1 = vectors == 2 ? TOps.Load(ref Unsafe.Add(ref bias, lanes)) : TOps.Zero;
        TVector s00 = bias0, s01 = bias1, s10 = bias0, s11 = bias1, s20 = bias0, s21 = bias1, s30 = bias0, s31 = bias1;
        for (int dy = 0; dy < 3; dy++)
        {
            for (int dx = dxFirst; dx <= dxLast; dx++)
            {
                ref float a0 = ref Unsafe.Add(ref input, pixelBase + ((((nint)dy * s.Width) + dx - 1) * s.Channels));
                ref float a1 = ref Unsafe.Add(ref a0, inStride);
                ref float a2 = ref Unsafe.Add(ref a1, inStride);
                ref float a3 = ref Unsafe.Add(ref a2, inStride);
                ref float wt = ref Unsafe.Add(ref w, (((dy * 3) + dx) * (nint)s.Channels) * outC);
                for (int c = 0; c < s.Channels; c++)
                {
                    ref float wr = ref Unsafe.Add(ref wt, c * outC);
                    TVector w0 = TOps.Load(ref wr);
                    TVector w1 = vectors == 2 ? TOps.Load(ref Unsafe.Add(ref wr, lanes)) : TOps.Zero;
                    TVector v = TOps.Broadcast(Unsafe.Add(ref a0, c));
                    s00 = TOps.MultiplyAdd(v, w0, s00);
                    if (vectors == 2)
                    {
                        s01 = TOps.MultiplyAdd(v, w1, s01);
                    }

                    if (pixels == TilePixels)
                    {
                        v = TOps.Broadcast(Unsafe.Add(ref a1, c));
                        s10 = TOps.MultiplyAdd(v, w0, s10);
                        s11 = vectors == 2 ? TOps.MultiplyAdd(v, w1, s11) : s11;
                        v = TOps.Broadcast(Unsafe.Add(ref a2, c));
                        s20 = TOps.MultiplyAdd(v, w0, s20);
                        s21 = vectors == 2 ? TOps.MultiplyAdd(v, w1, s21) : s21;
                        v = TOps.Broadcast(Unsafe.Add(ref a3, c));
                        s30 = TOps.MultiplyAdd(v, w0, s30);
                        s31 = vectors == 2 ? TOps.MultiplyAdd(v, w1, s31) : s31;
                    }
                }
            }
        }

        Put<TOps, TVector>(ref output, lanes, vectors, s00, s01);
        if (pixels == TilePixels)
        {
            Put<TOps, TVector>(ref Unsafe.Add(ref output, outStride), lanes, vectors, s10, s11);
            Put<TOps, TVector>(ref Unsafe.Add(ref output, 2 * outStride), lanes, vectors, s20, s21);
            Put<TOps, TVector>(ref Unsafe.Add(ref output, 3 * outStride), lanes, vectors, s30, s31);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TOps, TVector>(ref float destination, int lanes, int vectors, TVector first, TVector second)
        where TOps : struct, IVectorOps<TVector>
        where TVector : struct
    {
        TOps.Store(first, ref destination);
        if (vectors == 2)
        {
            TOps.Store(second, ref Unsafe.Add(ref destination, lanes));
        }
    }

    /// <summary>The map and channel sizes one call works on.</summary>
    private readonly record struct Shape(int Height, int Width, int Channels, int OutChannels);
}
