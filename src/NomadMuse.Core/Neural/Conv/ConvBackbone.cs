using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// A stack of <see cref="ConvBlock"/>s followed by global average pooling: the feature extractor of the
/// instrument classifier, turning a <c>[inChannels, height, width]</c> patch into a feature vector.
/// </summary>
/// <remarks>
/// <see cref="Infer"/> ping-pongs between two halves of a caller-owned scratch buffer and allocates nothing.
/// Training caches every block's output in layer-owned buffers. Not thread-safe.
/// </remarks>
public sealed class ConvBackbone : ITrainable
{
    private readonly ConvBlock[] _blocks;
    private readonly Parameter[] _parameters;
    private readonly GlobalAveragePool _pool = new();
    private float[][] _outputs = [];
    private float[] _gradientA = [];
    private float[] _gradientB = [];
    private int _batch;
    private int _height;
    private int _width;

    /// <summary>Chains blocks; each block's input channels must equal the previous block's output channels.</summary>
    /// <param name="blocks">At least one block.</param>
    /// <exception cref="ArgumentException">No blocks, or the channels do not chain.</exception>
    public ConvBackbone(IReadOnlyList<ConvBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            throw new ArgumentException("A backbone needs at least one block.", nameof(blocks));
        }

        for (int i = 1; i < blocks.Count; i++)
        {
            if (blocks[i].InChannels != blocks[i - 1].OutChannels)
            {
                throw new ArgumentException($"Block {i} expects {blocks[i].InChannels} channels but block {i - 1} outputs {blocks[i - 1].OutChannels}.", nameof(blocks));
            }
        }

        _blocks = [.. blocks];
        _parameters = [.. blocks.SelectMany(b => b.Parameters)];
    }

    /// <summary>The seed's classifier backbone (§3.3.1): blocks <c>conv1..conv3</c> of 32/64/128 filters on one input channel.</summary>
    /// <param name="random">Initialises the convolutions; <see langword="null"/> leaves them zero for loading.</param>
    /// <param name="poolWidths">Pool window width per block; the default 2 everywhere. Use 1 where the time axis is too short.</param>
    /// <returns>The backbone.</returns>
    /// <exception cref="ArgumentException"><paramref name="poolWidths"/> does not have three entries.</exception>
    public static ConvBackbone CreateSeedClassifier(Random? random = null, IReadOnlyList<int>? poolWidths = null)
    {
        poolWidths ??= [2, 2, 2];
        if (poolWidths.Count != 3)
        {
            throw new ArgumentException("Three pool widths are needed, one per block.", nameof(poolWidths));
        }

        return new ConvBackbone(
        [
            new ConvBlock("conv1", 1, 32, random, 2, poolWidths[0]),
            new ConvBlock("conv2", 32, 64, random, 2, poolWidths[1]),
            new ConvBlock("conv3", 64, 128, random, 2, poolWidths[2]),
        ]);
    }

    /// <summary>The blocks, in order.</summary>
    public IReadOnlyList<ConvBlock> Blocks => _blocks;

    /// <summary>Input channels.</summary>
    public int InChannels => _blocks[0].InChannels;

    /// <summary>Length of the feature vector: the last block's channels.</summary>
    public int FeatureCount => _blocks[^1].OutChannels;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The scratch length <see cref="Infer"/> needs for a <paramref name="height"/>×<paramref name="width"/> patch.</summary>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <exception cref="ArgumentException">The patch shrinks to nothing before the last block.</exception>
    public int ScratchLength(int height, int width)
    {
        int largestOutput = LargestOutput(height, width), largestScratch = 0;
        for (int i = 0; i < _blocks.Length; i++)
        {
            largestScratch = Math.Max(largestScratch, _blocks[i].ScratchLength(height, width));
            (height, width) = Next(i, height, width);
        }

        return (2 * largestOutput) + largestScratch;
    }

    /// <summary>Extracts the feature vector of one patch with the running batch-norm statistics.</summary>
    /// <param name="input">The patch, <c>[inChannels, height, width]</c>.</param>
    /// <param name="height">Input height (e.g. 128 mel bins).</param>
    /// <param name="width">Input width (frames).</param>
    /// <param name="features">Receives <see cref="FeatureCount"/> values.</param>
    /// <param name="scratch">Working memory of at least <see cref="ScratchLength"/> elements.</param>
    /// <remarks>Real-time safe: allocates nothing and takes no lock; one thread at a time.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short or the patch too small for the pools.</exception>
    public void Infer(ReadOnlySpan<float> input, int height, int width, Span<float> features, Span<float> scratch)
    {
        int half = LargestOutput(height, width);
        int length = ScratchLength(height, width);
        ShapeChecks.Length(scratch.Length, length, nameof(scratch), nameof(ConvBackbone));
        ShapeChecks.Length(input.Length, (long)InChannels * height * width, nameof(input), nameof(ConvBackbone));
        Span<float> blockScratch = scratch[(2 * half)..length];
        ReadOnlySpan<float> current = input;
        for (int i = 0; i < _blocks.Length; i++)
        {
            Span<float> next = scratch.Slice((i & 1) * half, half);
            _blocks[i].Infer(current, height, width, next, blockScratch);
            (height, width) = Next(i, height, width);
            current = next;
        }

        GlobalAveragePool.Infer(current, FeatureCount, height * width, features);
    }

    /// <summary>Training forward over <c>[batch, inChannels, height, width]</c>, giving <c>[batch, FeatureCount]</c>.</summary>
    /// <param name="input">The batch.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="features">Receives the features.</param>
    /// <remarks>Allocates when the batch grows; trainer thread only.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short or the patch too small for the pools.</exception>
    public void Forward(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> features)
    {
        ShapeChecks.Positive(batch, nameof(batch));
        if (_outputs.Length != _blocks.Length)
        {
            _outputs = new float[_blocks.Length][];
        }

        int largest = 0;
        ReadOnlySpan<float> current = input;
        (int h, int w) = (height, width);
        for (int i = 0; i < _blocks.Length; i++)
        {
            (int outH, int outW) = Next(i, h, w);
            int length = batch * _blocks[i].OutChannels * outH * outW;
            if (_outputs[i] is null || _outputs[i].Length < length)
            {
                _outputs[i] = new float[length];
            }

            largest = Math.Max(largest, batch * _blocks[i].InChannels * h * w);
            _blocks[i].Forward(current, batch, h, w, _outputs[i]);
            current = _outputs[i].AsSpan(0, length);
            (h, w) = (outH, outW);
        }

        largest = Math.Max(largest, current.Length);
        if (_gradientA.Length < largest)
        {
            _gradientA = new float[largest];
            _gradientB = new float[largest];
        }

        _pool.Forward(current, batch, FeatureCount, h * w, features);
        (_batch, _height, _width) = (batch, height, width);
    }

    /// <summary>Backpropagates the feature gradient through every block of the last <see cref="Forward"/>.</summary>
    /// <param name="featureGradient">∂loss/∂features, <c>[batch, FeatureCount]</c>.</param>
    /// <param name="inputGradient">Receives ∂loss/∂input (overwritten); empty to skip.</param>
    /// <remarks>Accumulates parameter gradients; trainer thread only.</remarks>
    /// <exception cref="InvalidOperationException">No training forward preceded this call.</exception>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public void Backward(ReadOnlySpan<float> featureGradient, Span<float> inputGradient)
    {
        ShapeChecks.ForwardDone(_batch > 0, nameof(ConvBackbone));
        float[] gradient = _gradientA, spare = _gradientB;
        _pool.Backward(featureGradient, gradient);
        for (int i = _blocks.Length - 1; i >= 0; i--)
        {
            Span<float> target = i == 0 ? inputGradient : spare;
            _blocks[i].Backward(gradient, target);
            (gradient, spare) = (spare, gradient);
        }
    }

    /// <summary>Returns an inference backbone whose blocks have their batch norms folded into the convolutions.</summary>
    /// <returns>A new, independent backbone; this one is unchanged.</returns>
    public ConvBackbone FoldBatchNorm() => new([.. _blocks.Select(b => b.FoldBatchNorm())]);

    private int LargestOutput(int height, int width)
    {
        int largest = 0;
        for (int i = 0; i < _blocks.Length; i++)
        {
            (height, width) = Next(i, height, width);
            largest = Math.Max(largest, _blocks[i].OutChannels * height * width);
        }

        return largest;
    }

    private (int Height, int Width) Next(int block, int height, int width)
    {
        int h = _blocks[block].OutputHeight(height), w = _blocks[block].OutputWidth(width);
        if (h <= 0 || w <= 0)
        {
            throw new ArgumentException($"{_blocks[block].Conv.Name}: a {height}×{width} map pools to nothing; use a narrower pool window or a longer patch.");
        }

        return (h, w);
    }
}
