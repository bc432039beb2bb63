using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// The glue between channel-last 3×3 convolutions (<see cref="Conv3x3Kernels"/>, <see cref="Int8Conv3x3"/>): loading
/// a channel-major input into a row-padded channel-last map, fused ReLU + max pool, and global average pooling.
/// Every loop runs over channels, the contiguous axis. Allocates nothing.
/// </summary>
internal static class ChannelLastOps
{
    /// <summary>Writes <c>[channels, height, width]</c> <paramref name="input"/> into row-padded <c>[height + 2, width, channels]</c>.</summary>
    public static void LoadPadded(ReadOnlySpan<float> input, int channels, int height, int width, Span<float> padded)
    {
        int row = width * channels;
        ClearPaddingRows(padded, height, row);
        Span<float> body = padded.Slice(row, height * row);
        if (channels == 1)
        {
            input[..(height * width)].CopyTo(body); // one channel: both layouts are the same
            return;
        }

        int plane = height * width;
        for (int c = 0; c < channels; c++)
        {
            ReadOnlySpan<float> source = input.Slice(c * plane, plane);
            for (int p = 0; p < plane; p++)
            {
                body[(p * channels) + c] = source[p];
            }
        }
    }

    /// <summary>Zeroes rows 0 and <c>height + 1</c> of a row-padded map whose rows hold <paramref name="row"/> floats.</summary>
    public static void ClearPaddingRows(Span<float> padded, int height, int row)
    {
        padded[..row].Clear();
        padded.Slice((height + 1) * row, row).Clear();
    }

    /// <summary>
    /// <c>output = max(0, maxpool(input))</c> over <c>[height, width, channels]</c>, windows <c>poolH × poolW</c> with
    /// stride equal to the window (floor), into <c>[height / poolH, width / poolW, channels]</c> starting at
    /// <paramref name="output"/>. Equal to ReLU then pool because the maximum commutes with the monotone ReLU.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MaxPoolRelu(ReadOnlySpan<float> input, int height, int width, int channels, int poolH, int poolW, Span<float> output)
    {
        int outH = height / poolH, outW = width / poolW;
        ref float src = ref MemoryMarshal.GetReference(input);
        ref float dst = ref MemoryMarshal.GetReference(output);
        for (int oy = 0; oy < outH; oy++)
        {
            for (int ox = 0; ox < outW; ox++)
            {
                ref float first = ref Unsafe.Add(ref src, ((((nint)oy * poolH * width) + ((nint)ox * poolW)) * channels));
                ref float target = ref Unsafe.Add(ref dst, (((nint)oy * outW) + ox) * channels);
                int c = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    for (; c + Vector256<float>.Count <= channels; c += Vector256<float>.Count)
                    {
                        Vector256<float> m = Vector256<float>.Zero;
                        for (int ky = 0; ky < poolH; ky++)
                        {
                            for (int kx = 0; kx < poolW; kx++)
                            {
                                m = Vector256.Max(m, Vector256.LoadUnsafe(ref first, (nuint)((((ky * width) + kx) * channels) + c)));
                            }
                        }

                        m.StoreUnsafe(ref target, (nuint)c);
                    }
                }

                for (; c < channels; c++)
                {
                    float m = 0f;
                    for (int ky = 0; ky < poolH; ky++)
                    {
                        for (int kx = 0; kx < poolW; kx++)
                        {
                            m = Math.Max(m, Unsafe.Add(ref first, (((ky * width) + kx) * channels) + c));
                        }
                    }

                    Unsafe.Add(ref target, c) = m;
                }
            }
        }
    }

    /// <summary><c>features[c] = Σ_p map[p, c] / pixels</c>, summing pixels in order like <see cref="GlobalAveragePool"/>'s per-channel loop.</summary>
    public static void GlobalAverage(ReadOnlySpan<float> map, int pixels, int channels, Span<float> features)
    {
        Span<float> sums = features[..channels];
        map[..channels].CopyTo(sums);
        for (int p = 1; p < pixels; p++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(sums, map.Slice(p * channels, channels), sums);
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(sums, 1f / pixels, sums);
    }
}
