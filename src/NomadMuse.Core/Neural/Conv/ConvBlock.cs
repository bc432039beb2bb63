using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// One block of the instrument classifier: convolution → batch norm → ReLU → max pool, the order of the seed's
/// PyTorch model (<c>nn.Sequential(Conv2d, BatchNorm2d, ReLU, MaxPool2d)</c>), so parameter names match its
/// state dict (<c>conv1.0.weight</c>, <c>conv1.1.running_mean</c>, …).
/// </summary>
/// <remarks>
/// For deployment, <see cref="FoldBatchNorm"/> returns a block whose convolution absorbs the batch norm, which
/// then has no <see cref="Norm"/>. Not thread-safe: one inference thread or one trainer at a time.
/// </remarks>
public sealed class ConvBlock : ITrainable
{
    private readonly Parameter[] _parameters;
    private float[] _activations = [];
    private float[] _gradient = [];
    private int _batch;
    private int _height;
    private int _width;

    /// <summary>Creates a 3×3 "same" convolution block with batch norm and a max pool.</summary>
    /// <param name="name">Prefix: the convolution is <c>{name}.0</c>, the batch norm <c>{name}.1</c>.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Filters.</param>
    /// <param name="random">Initialises the convolution as PyTorch does; <see langword="null"/> leaves it zero for loading.</param>
    /// <param name="poolHeight">Pool window height; the default 2.</param>
    /// <param name="poolWidth">Pool window width; the default 2 (use 1 to keep a short time axis).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public ConvBlock(string name, int inChannels, int outChannels, Random? random = null, int poolHeight = 2, int poolWidth = 2)
        : this(
            new Conv2d(name + ".0", inChannels, outChannels, 3, 1, random),
            new BatchNorm2d(name + ".1", outChannels),
            new MaxPool2d(poolHeight, poolWidth))
    {
    }

    /// <summary>Composes existing layers.</summary>
    /// <param name="conv">The convolution.</param>
    /// <param name="norm">The batch norm after it, or <see langword="null"/> when folded.</param>
    /// <param name="pool">The pool after the ReLU.</param>
    /// <exception cref="ArgumentException">The batch norm's channels differ from the convolution's outputs.</exception>
    public ConvBlock(Conv2d conv, BatchNorm2d? norm, MaxPool2d pool)
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(pool);
        if (norm is not null && norm.Channels != conv.OutChannels)
        {
            throw new ArgumentException($"Batch norm '{norm.Name}' has {norm.Channels} channels but '{conv.Name}' outputs {conv.OutChannels}.", nameof(norm));
        }

        Conv = conv;
        Norm = norm;
        Pool = pool;
        _parameters = norm is null ? [.. conv.Parameters] : [.. conv.Parameters, .. norm.Parameters];
    }

    /// <summary>The convolution.</summary>
    public Conv2d Conv { get; }

    /// <summary>The batch norm, or <see langword="null"/> once folded into <see cref="Conv"/>.</summary>
    public BatchNorm2d? Norm { get; }

    /// <summary>The max pool.</summary>
    public MaxPool2d Pool { get; }

    /// <summary>Input channels.</summary>
    public int InChannels => Conv.InChannels;

    /// <summary>Output channels.</summary>
    public int OutChannels => Conv.OutChannels;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>The output height for an input of <paramref name="height"/> rows.</summary>
    /// <param name="height">Input height.</param>
    public int OutputHeight(int height) => Pool.OutputHeight(Conv.OutputHeight(height));

    /// <summary>The output width for an input of <paramref name="width"/> columns.</summary>
    /// <param name="width">Input width.</param>
    public int OutputWidth(int width) => Pool.OutputWidth(Conv.OutputWidth(width));

    /// <summary>The scratch length <see cref="Infer"/> needs: the im2col matrix plus the pre-pool activations.</summary>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    public int ScratchLength(int height, int width) =>
        Conv.ScratchLength(height, width) + (OutChannels * Conv.OutputHeight(height) * Conv.OutputWidth(width));

    /// <summary>Runs the block on one <c>[inChannels, height, width]</c> map with the running statistics.</summary>
    /// <param name="input">The map.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="output">Receives <c>[outChannels, OutputHeight, OutputWidth]</c>.</param>
    /// <param name="scratch">Working memory of at least <see cref="ScratchLength"/> elements.</param>
    /// <remarks>Real-time safe: allocates nothing and takes no lock.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short or the map too small.</exception>
    public void Infer(ReadOnlySpan<float> input, int height, int width, Span<float> output, Span<float> scratch)
    {
        int convH = Conv.OutputHeight(height), convW = Conv.OutputWidth(width);
        int columns = Conv.ScratchLength(height, width);
        ShapeChecks.Length(scratch.Length, ScratchLength(height, width), nameof(scratch), Conv.Name);
        Span<float> activations = scratch.Slice(columns, OutChannels * convH * convW);
        Conv.Infer(input, height, width, activations, scratch[..columns]);
        Norm?.Infer(activations, convH * convW, activations);
        Relu.InPlace(activations);
        Pool.Infer(activations, OutChannels, convH, convW, output);
    }

    /// <summary>Training forward over <c>[batch, inChannels, height, width]</c> (batch statistics); caches for backward.</summary>
    /// <param name="input">The batch.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="output">Receives <c>[batch, outChannels, OutputHeight, OutputWidth]</c>.</param>
    /// <remarks>Allocates when the batch grows; trainer thread only.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short or the map too small.</exception>
    public void Forward(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        ShapeChecks.Positive(batch, nameof(batch));
        int convH = Conv.OutputHeight(height), convW = Conv.OutputWidth(width);
        int length = batch * OutChannels * convH * convW;
        if (_activations.Length < length)
        {
            _activations = new float[length];
            _gradient = new float[length];
        }

        Span<float> activations = _activations.AsSpan(0, length);
        Conv.Forward(input, batch, height, width, activations);
        Norm?.Forward(activations, batch, convH * convW, activations);
        Relu.InPlace(activations);
        Pool.Forward(activations, batch, OutChannels, convH, convW, output);
        (_batch, _height, _width) = (batch, height, width);
    }

    /// <summary>Backpropagates through pool, ReLU, batch norm and convolution of the last <see cref="Forward"/>.</summary>
    /// <param name="outputGradient">∂loss/∂output.</param>
    /// <param name="inputGradient">Receives ∂loss/∂input (overwritten); empty to skip (first block).</param>
    /// <remarks>Accumulates parameter gradients; trainer thread only.</remarks>
    /// <exception cref="InvalidOperationException">No training forward preceded this call.</exception>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        ShapeChecks.ForwardDone(_batch > 0, Conv.Name);
        int length = _batch * OutChannels * Conv.OutputHeight(_height) * Conv.OutputWidth(_width);
        Span<float> gradient = _gradient.AsSpan(0, length);
        Pool.Backward(outputGradient, gradient);
        Relu.BackwardInPlace(_activations.AsSpan(0, length), gradient);
        Norm?.Backward(gradient, gradient);
        Conv.Backward(gradient, inputGradient);
    }

    /// <summary>Returns an inference block with the batch norm folded into the convolution (BN folded at export).</summary>
    /// <returns>A new, independent block; this block is unchanged. Without a batch norm, a copy of the convolution.</returns>
    public ConvBlock FoldBatchNorm()
    {
        var pool = new MaxPool2d(Pool.KernelHeight, Pool.KernelWidth);
        if (Norm is not null)
        {
            return new ConvBlock(Norm.FoldInto(Conv), null, pool);
        }

        var copy = new Conv2d(Conv.Name, Conv.InChannels, Conv.OutChannels, Conv.KernelSize, Conv.Padding);
        Conv.Weight.Value.CopyTo(copy.Weight.Value, 0);
        Conv.Bias.Value.CopyTo(copy.Bias.Value, 0);
        return new ConvBlock(copy, null, pool);
    }
}
