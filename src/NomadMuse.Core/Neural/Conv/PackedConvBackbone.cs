using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// The real-time form of a <see cref="ConvBackbone"/>: batch norms folded, weights repacked for direct channel-last
/// 3×3 convolution (<c>[tap, inChannel, outChannel]</c>), and optionally every block after the first in INT8.
/// </summary>
/// <remarks>
/// <para>Why a separate type: the classifier's maps are tiny (128×5, 64×2, 32×1), and there im2col + GEMM spends more
/// time unfolding and packing than multiplying. Keeping activations channel-last makes every tap of every pixel a
/// contiguous run of channels, so the convolution, ReLU, max pool and global average all vectorise over channels.</para>
/// <para>The weights are copied at construction: later changes to the source backbone (training) are not seen, and
/// one instance may be shared by any number of threads. <see cref="Infer"/> writes only to the caller's buffers,
/// allocates nothing and takes no lock.</para>
/// <para>fp32 results equal <see cref="ConvBackbone.Infer"/> up to summation order (a few ulps). INT8 blocks quantise
/// each output pixel's im2col column with its own scale and the weights per output channel, exactly as one
/// <see cref="Int8Gemv"/> product per pixel would, and give the same numbers as that product.</para>
/// </remarks>
public sealed class PackedConvBackbone
{
    private readonly Layer[] _layers;
    private readonly SimdPath _simdPath;
    private readonly Int8Path _int8Path;

    /// <summary>Packs a backbone (its batch norms are folded into the copies; the backbone itself is unchanged).</summary>
    /// <param name="backbone">A backbone of 3×3 convolutions with padding 1 (e.g. <see cref="ConvBackbone.CreateSeedClassifier"/>).</param>
    /// <param name="int8">Run every block after the first in INT8 (the first block's few input channels stay fp32).</param>
    /// <exception cref="ArgumentException">A convolution is not 3×3 with padding 1, or a weight is not finite (INT8).</exception>
    public PackedConvBackbone(ConvBackbone backbone, bool int8 = false)
        : this(backbone, int8, SimdPaths.BestComputeBound, Int8Conv3x3.PathFor(Int8Paths.Best))
    {
    }

    /// <summary>Packs with forced instruction paths (tests run every path the CPU supports).</summary>
    internal PackedConvBackbone(ConvBackbone backbone, bool int8, SimdPath simdPath, Int8Path int8Path)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (!SimdPaths.IsSupported(simdPath) || !Int8Conv3x3.Supports(int8Path))
        {
            throw new PlatformNotSupportedException($"The paths {simdPath} / {int8Path} are not supported here.");
        }

        ConvBackbone folded = backbone.FoldBatchNorm();
        _layers = new Layer[folded.Blocks.Count];
        for (int i = 0; i < _layers.Length; i++)
        {
            _layers[i] = new Layer(folded.Blocks[i], int8 && i > 0);
        }

        IsInt8 = int8;
        InChannels = backbone.InChannels;
        FeatureCount = backbone.FeatureCount;
        _simdPath = simdPath;
        _int8Path = int8Path;
    }

    /// <summary>Whether the blocks after the first run in INT8.</summary>
    public bool IsInt8 { get; }

    /// <summary>Input channels of a patch.</summary>
    public int InChannels { get; }

    /// <summary>Length of the feature vector (the last block's output channels).</summary>
    public int FeatureCount { get; }

    /// <summary>The scratch length (floats) <see cref="Infer"/> needs for a patch of the given size.</summary>
    /// <param name="height">Patch height (e.g. 128 mel bins).</param>
    /// <param name="width">Patch width (frames).</param>
    /// <returns>The length.</returns>
    /// <exception cref="ArgumentException">The patch pools to nothing.</exception>
    public int ScratchLength(int height, int width) => Plan(height, width).Total;

    /// <summary>Extracts the feature vector of one <c>[inChannels, height, width]</c> patch.</summary>
    /// <param name="input">The patch, channel-major like <see cref="ConvBackbone.Infer"/>'s.</param>
    /// <param name="height">Patch height.</param>
    /// <param name="width">Patch width.</param>
    /// <param name="features">Receives <see cref="FeatureCount"/> values.</param>
    /// <param name="scratch">Working memory of at least <see cref="ScratchLength"/> floats, owned by the calling thread.</param>
    /// <remarks>Real-time safe: allocates nothing and takes no lock; concurrent calls need their own scratch.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short, the patch pools to nothing, or (INT8) an activation is not finite.</exception>
    public void Infer(ReadOnlySpan<float> input, int height, int width, Span<float> features, Span<float> scratch)
    {
        ScratchPlan plan = Plan(height, width);
        ShapeChecks.Length(input.Length, (long)InChannels * height * width, nameof(input), nameof(PackedConvBackbone));
        ShapeChecks.Length(features.Length, FeatureCount, nameof(features), nameof(PackedConvBackbone));
        ShapeChecks.Length(scratch.Length, plan.Total, nameof(scratch), nameof(PackedConvBackbone));
        Span<float> padded = scratch[..plan.Padded];
        Span<float> conv = scratch.Slice(plan.Padded, plan.Conv);
        Span<float> int8 = scratch.Slice(plan.Padded + plan.Conv, plan.Int8);
        ChannelLastOps.LoadPadded(input, InChannels, height, width, padded);
        for (int i = 0; i < _layers.Length; i++)
        {
            Layer layer = _layers[i];
            int pixels = height * width;
            Span<float> output = conv[..(pixels * layer.OutChannels)];
            if (layer.Quantized is { } quantized)
            {
                int columnBytes = Int8Conv3x3.ColumnBytes(layer.InChannels);
                Span<sbyte> columns = System.Runtime.InteropServices.MemoryMarshal.Cast<float, sbyte>(int8)[..(pixels * columnBytes)];
                Span<float> rest = int8[(((pixels * columnBytes) + 3) / 4)..];
                Span<float> column = rest[..(9 * layer.InChannels)];
                Span<float> scales = rest.Slice(9 * layer.InChannels, pixels);
                Int8Conv3x3.Unfold(padded, height, width, layer.InChannels, column, columns, scales, _int8Path);
                Int8Conv3x3.Multiply(columns, scales, pixels, quantized, layer.Bias, output, _int8Path);
            }
            else
            {
                Conv3x3Kernels.Convolve(padded, height, width, layer.InChannels, layer.Weights, layer.Bias, layer.OutChannels, output, _simdPath);
            }

            (int outH, int outW) = (height / layer.PoolHeight, width / layer.PoolWidth);
            int row = outW * layer.OutChannels;
            bool last = i == _layers.Length - 1;
            // The next block reads a row-padded map; the last pooled map feeds the average directly.
            Span<float> pooled = last ? padded[..(outH * row)] : padded.Slice(row, outH * row);
            ChannelLastOps.MaxPoolRelu(output, height, width, layer.OutChannels, layer.PoolHeight, layer.PoolWidth, pooled);
            if (!last)
            {
                ChannelLastOps.ClearPaddingRows(padded, outH, row);
            }

            (height, width) = (outH, outW);
        }

        ChannelLastOps.GlobalAverage(padded, height * width, FeatureCount, features);
    }

    private ScratchPlan Plan(int height, int width)
    {
        ShapeChecks.Positive(height, nameof(height));
        ShapeChecks.Positive(width, nameof(width));
        long padded = (long)(height + 2) * width * InChannels, conv = 0, int8 = 0;
        foreach (Layer layer in _layers)
        {
            long pixels = (long)height * width;
            conv = Math.Max(conv, pixels * layer.OutChannels);
            if (layer.Quantized is not null)
            {
                long columnFloats = ((pixels * Int8Conv3x3.ColumnBytes(layer.InChannels)) + 3) / 4;
                int8 = Math.Max(int8, columnFloats + (9L * layer.InChannels) + pixels);
            }

            (int outH, int outW) = (height / layer.PoolHeight, width / layer.PoolWidth);
            if (outH <= 0 || outW <= 0)
            {
                throw new ArgumentException($"{layer.Name}: a {height}×{width} map pools to nothing; use a narrower pool window or a longer patch.");
            }

            padded = Math.Max(padded, (long)(outH + 2) * outW * layer.OutChannels);
            (height, width) = (outH, outW);
        }

        long total = padded + conv + int8;
        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"A {height}×{width} patch needs more scratch than one array holds.");
        }

        return new ScratchPlan((int)padded, (int)conv, (int)int8);
    }

    private readonly record struct ScratchPlan(int Padded, int Conv, int Int8)
    {
        public int Total => Padded + Conv + Int8;
    }

    /// <summary>One folded block in packed form.</summary>
    private sealed class Layer
    {
        public Layer(ConvBlock block, bool int8)
        {
            Conv2d conv = block.Conv;
            if (conv.KernelSize != 3 || conv.Padding != 1)
            {
                throw new ArgumentException($"'{conv.Name}' is {conv.KernelSize}×{conv.KernelSize} with padding {conv.Padding}; only 3×3 with padding 1 can be packed.");
            }

            Name = conv.Name;
            InChannels = conv.InChannels;
            OutChannels = conv.OutChannels;
            PoolHeight = block.Pool.KernelHeight;
            PoolWidth = block.Pool.KernelWidth;
            Bias = [.. conv.Bias.Value];
            // PyTorch order [o, c, tap] → [tap, c, o] for the fp32 kernel, [o, tap, c] for the INT8 columns.
            float[] w = conv.Weight.Value;
            int k = 9 * InChannels;
            Weights = new float[k * OutChannels];
            var rows = new float[k * OutChannels];
            for (int o = 0; o < OutChannels; o++)
            {
                for (int c = 0; c < InChannels; c++)
                {
                    for (int t = 0; t < 9; t++)
                    {
                        float v = w[(((o * InChannels) + c) * 9) + t];
                        Weights[(((t * InChannels) + c) * OutChannels) + o] = v;
                        rows[(o * k) + (t * InChannels) + c] = v;
                    }
                }
            }

            Quantized = int8 ? QuantizedMatrix.Quantize(rows, OutChannels, k) : null;
        }

        public string Name { get; }

        public int InChannels { get; }

        public int OutChannels { get; }

        public int PoolHeight { get; }

        public int PoolWidth { get; }

        public float[] Weights { get; }

        public float[] Bias { get; }

        public QuantizedMatrix? Quantized { get; }
    }
}
