namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// Unfolds a [C, H, W] feature map into the [C·kH·kW, outH·outW] column matrix of a stride-1 convolution, and
/// folds column gradients back (the adjoint).
/// </summary>
/// <remarks>Allocation-free; the padding area reads as zero.</remarks>
internal static class Im2Col
{
    private const int ShortRow = 16;

    /// <summary>Writes the column matrix of <paramref name="input"/> into <paramref name="columns"/>.</summary>
    public static void Unfold(
        ReadOnlySpan<float> input, int channels, int height, int width,
        int kernelH, int kernelW, int padH, int padW, Span<float> columns)
    {
        int outH = height + (2 * padH) - kernelH + 1;
        int outW = width + (2 * padW) - kernelW + 1;
        int row = 0;
        for (int c = 0; c < channels; c++)
        {
            ReadOnlySpan<float> plane = input.Slice(c * height * width, height * width);
            for (int ky = 0; ky < kernelH; ky++)
            {
                for (int kx = 0; kx < kernelW; kx++, row++)
                {
                    Span<float> dst = columns.Slice(row * outH * outW, outH * outW);

                    // Valid output columns: 0 <= ox + kx - padW < width.
                    int oxStart = Math.Clamp(padW - kx, 0, outW);
                    int oxEnd = Math.Clamp(width + padW - kx, oxStart, outW);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        Span<float> dstRow = dst.Slice(oy * outW, outW);
                        int iy = oy + ky - padH;
                        if ((uint)iy >= (uint)height)
                        {
                            dstRow.Clear();
                            continue;
                        }

                        ReadOnlySpan<float> srcRow = plane.Slice((iy * width) + kx - padW + oxStart, oxEnd - oxStart);
                        if (outW <= ShortRow)
                        {
                            // Spectrogram patches are only a few frames wide: element loops beat span calls here.
                            for (int ox = 0; ox < oxStart; ox++)
                            {
                                dstRow[ox] = 0f;
                            }

                            for (int ox = oxStart; ox < oxEnd; ox++)
                            {
                                dstRow[ox] = srcRow[ox - oxStart];
                            }

                            for (int ox = oxEnd; ox < outW; ox++)
                            {
                                dstRow[ox] = 0f;
                            }
                        }
                        else
                        {
                            dstRow[..oxStart].Clear();
                            srcRow.CopyTo(dstRow[oxStart..oxEnd]);
                            dstRow[oxEnd..].Clear();
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds the column gradients <paramref name="columns"/> back onto <paramref name="input"/>.</summary>
    public static void FoldAdd(
        ReadOnlySpan<float> columns, int channels, int height, int width,
        int kernelH, int kernelW, int padH, int padW, Span<float> input)
    {
        int outH = height + (2 * padH) - kernelH + 1;
        int outW = width + (2 * padW) - kernelW + 1;
        int row = 0;
        for (int c = 0; c < channels; c++)
        {
            Span<float> plane = input.Slice(c * height * width, height * width);
            for (int ky = 0; ky < kernelH; ky++)
            {
                for (int kx = 0; kx < kernelW; kx++, row++)
                {
                    ReadOnlySpan<float> src = columns.Slice(row * outH * outW, outH * outW);
                    int oxStart = Math.Clamp(padW - kx, 0, outW);
                    int oxEnd = Math.Clamp(width + padW - kx, oxStart, outW);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        int iy = oy + ky - padH;
                        if ((uint)iy >= (uint)height)
                        {
                            continue;
                        }

                        Span<float> dstRow = plane.Slice((iy * width) + oxStart + kx - padW, oxEnd - oxStart);
                        System.Numerics.Tensors.TensorPrimitives.Add(dstRow, src.Slice((oy * outW) + oxStart, oxEnd - oxStart), dstRow);
                    }
                }
            }
        }
    }
}
