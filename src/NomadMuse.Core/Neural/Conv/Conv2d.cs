using NomadMuse.Core.Kernels;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural.Conv;

/// <summary>
/// A 2-D convolution with stride 1, zero padding and a bias, over NCHW feature maps (PyTorch <c>nn.Conv2d</c>
/// with <c>stride=1</c>), computed as im2col followed by a matrix product.
/// </summary>
/// <remarks>
/// The weight is stored <c>[outChannels, inChannels, kernelH, kernelW]</c> and the bias <c>[outChannels]</c>,
/// exactly like PyTorch and ONNX, so imported tensors copy in 1:1. Use <see cref="Infer"/> on the real-time path
/// (batch of one, caller-owned output and scratch, no allocation) and <see cref="Forward"/> /
/// <see cref="Backward"/> for training (layer-owned caches, grown on demand). An instance is not thread-safe:
/// one inference thread or one trainer at a time.
/// </remarks>
public sealed class Conv2d : ITrainable
{
    private readonly Parameter[] _parameters;
    private float[] _columns = [];
    private float[] _columnGradient = [];
    private int _batch;
    private int _height;
    private int _width;

    /// <summary>Creates a convolution; with <paramref name="random"/> the weights get PyTorch's default initialisation.</summary>
    /// <param name="name">Parameter-name prefix (e.g. <c>conv1.0</c>), giving <c>conv1.0.weight</c> and <c>conv1.0.bias</c>.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels (filters).</param>
    /// <param name="kernelSize">Square kernel side; the default 3.</param>
    /// <param name="padding">Zero padding on every side; the default 1 keeps a 3×3 convolution "same"-sized.</param>
    /// <param name="random">
    /// When given, weights and bias are drawn uniformly from ±1/√(inChannels·k²) (PyTorch's default); otherwise they
    /// stay zero, ready to be loaded.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the padding is negative.</exception>
    public Conv2d(string name, int inChannels, int outChannels, int kernelSize = 3, int padding = 1, Random? random = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ShapeChecks.Positive(inChannels, nameof(inChannels));
        ShapeChecks.Positive(outChannels, nameof(outChannels));
        ShapeChecks.Positive(kernelSize, nameof(kernelSize));
        if (padding < 0 || padding >= kernelSize)
        {
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be in [0, kernelSize).");
        }

        Name = name;
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Padding = padding;
        Weight = new Parameter(name + ".weight", outChannels, inChannels, kernelSize, kernelSize);
        Bias = new Parameter(name + ".bias", outChannels) { DecayWeights = false };
        _parameters = [Weight, Bias];
        if (random is not null)
        {
            float bound = 1f / MathF.Sqrt(inChannels * kernelSize * kernelSize);
            Fill(Weight.Value, bound, random);
            Fill(Bias.Value, bound, random);
        }
    }

    /// <summary>The parameter-name prefix.</summary>
    public string Name { get; }

    /// <summary>Input channels.</summary>
    public int InChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutChannels { get; }

    /// <summary>Square kernel side.</summary>
    public int KernelSize { get; }

    /// <summary>Zero padding on every side.</summary>
    public int Padding { get; }

    /// <summary>The filters, <c>[outChannels, inChannels, kernelSize, kernelSize]</c>.</summary>
    public Parameter Weight { get; }

    /// <summary>The bias, <c>[outChannels]</c>.</summary>
    public Parameter Bias { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    private int PatchLength => InChannels * KernelSize * KernelSize;

    /// <summary>The output height for an input of <paramref name="height"/> rows.</summary>
    /// <param name="height">Input height.</param>
    public int OutputHeight(int height) => height + (2 * Padding) - KernelSize + 1;

    /// <summary>The output width for an input of <paramref name="width"/> columns.</summary>
    /// <param name="width">Input width.</param>
    public int OutputWidth(int width) => width + (2 * Padding) - KernelSize + 1;

    /// <summary>The scratch length <see cref="Infer"/> needs for an input of the given size.</summary>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    public int ScratchLength(int height, int width) => PatchLength * OutputHeight(height) * OutputWidth(width);

    /// <summary>Convolves one <c>[inChannels, height, width]</c> map into <c>[outChannels, outH, outW]</c>.</summary>
    /// <param name="input">The input map, channel-major.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="output">Receives the output map; at least <c>outChannels·outH·outW</c> elements, not overlapping <paramref name="input"/> or <paramref name="scratch"/>.</param>
    /// <param name="scratch">Working memory of at least <see cref="ScratchLength"/> elements.</param>
    /// <remarks>Real-time safe: allocates nothing and takes no lock; callable from any one thread at a time.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short or the map is smaller than the kernel allows.</exception>
    public void Infer(ReadOnlySpan<float> input, int height, int width, Span<float> output, Span<float> scratch)
    {
        int pixels = CheckSpatial(height, width);
        ShapeChecks.Length(input.Length, (long)InChannels * height * width, nameof(input), Name);
        ShapeChecks.Length(output.Length, (long)OutChannels * pixels, nameof(output), Name);
        ShapeChecks.Length(scratch.Length, (long)PatchLength * pixels, nameof(scratch), Name);
        Span<float> columns = scratch[..(PatchLength * pixels)];
        Im2Col.Unfold(input, InChannels, height, width, KernelSize, KernelSize, Padding, Padding, columns);
        Project(columns, pixels, output[..(OutChannels * pixels)]);
    }

    /// <summary>Training forward over a batch of <c>[batch, inChannels, height, width]</c>; caches what backward needs.</summary>
    /// <param name="input">The batch, NCHW.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="height">Input height.</param>
    /// <param name="width">Input width.</param>
    /// <param name="output">Receives <c>[batch, outChannels, outH, outW]</c>.</param>
    /// <remarks>Allocates when the batch or map grows beyond earlier calls; trainer thread only.</remarks>
    /// <exception cref="ArgumentException">A buffer is too short or the map is smaller than the kernel allows.</exception>
    public void Forward(ReadOnlySpan<float> input, int batch, int height, int width, Span<float> output)
    {
        ShapeChecks.Positive(batch, nameof(batch));
        int pixels = CheckSpatial(height, width);
        int inSize = InChannels * height * width;
        int colSize = PatchLength * pixels;
        int outSize = OutChannels * pixels;
        ShapeChecks.Length(input.Length, (long)batch * inSize, nameof(input), Name);
        ShapeChecks.Length(output.Length, (long)batch * outSize, nameof(output), Name);
        if (_columns.Length < (long)batch * colSize)
        {
            _columns = new float[batch * colSize];
        }

        for (int n = 0; n < batch; n++)
        {
            Span<float> columns = _columns.AsSpan(n * colSize, colSize);
            Im2Col.Unfold(input.Slice(n * inSize, inSize), InChannels, height, width, KernelSize, KernelSize, Padding, Padding, columns);
            Project(columns, pixels, output.Slice(n * outSize, outSize));
        }

        (_batch, _height, _width) = (batch, height, width);
    }

    /// <summary>Accumulates weight and bias gradients and writes the input gradient of the last <see cref="Forward"/>.</summary>
    /// <param name="outputGradient">∂loss/∂output, <c>[batch, outChannels, outH, outW]</c>.</param>
    /// <param name="inputGradient">Receives ∂loss/∂input (overwritten); pass an empty span to skip it (first layer).</param>
    /// <remarks>Allocates scratch on first use; trainer thread only.</remarks>
    /// <exception cref="InvalidOperationException">No training forward preceded this call.</exception>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient)
    {
        ShapeChecks.ForwardDone(_batch > 0, Name);
        int pixels = OutputHeight(_height) * OutputWidth(_width);
        int inSize = InChannels * _height * _width;
        int colSize = PatchLength * pixels;
        int outSize = OutChannels * pixels;
        ShapeChecks.Length(outputGradient.Length, (long)_batch * outSize, nameof(outputGradient), Name);
        bool wantInput = !inputGradient.IsEmpty;
        if (wantInput)
        {
            ShapeChecks.Length(inputGradient.Length, (long)_batch * inSize, nameof(inputGradient), Name);
            inputGradient[..(_batch * inSize)].Clear();
        }

        if (wantInput && _columnGradient.Length < colSize)
        {
            _columnGradient = new float[colSize];
        }

        Span<float> columnGradient = _columnGradient.AsSpan(0, wantInput ? colSize : 0);
        for (int n = 0; n < _batch; n++)
        {
            ReadOnlySpan<float> dy = outputGradient.Slice(n * outSize, outSize);
            ReadOnlySpan<float> columns = _columns.AsSpan(n * colSize, colSize);

            // dW[o, k] += Σp dy[o, p] · columns[k, p];  db[o] += Σp dy[o, p].
            Gemm.MultiplyTransposedB(dy, columns, Weight.Gradient, OutChannels, pixels, PatchLength, accumulate: true);
            for (int o = 0; o < OutChannels; o++)
            {
                Bias.Gradient[o] += System.Numerics.Tensors.TensorPrimitives.Sum(dy.Slice(o * pixels, pixels));
            }

            if (wantInput)
            {
                // dColumns = Wᵀ · dy, folded back onto the input positions each column came from.
                columnGradient.Clear();
                Gemm.MultiplyTransposedA(Weight.Value, dy, columnGradient, PatchLength, OutChannels, pixels, accumulate: true);
                Im2Col.FoldAdd(columnGradient, InChannels, _height, _width, KernelSize, KernelSize, Padding, Padding, inputGradient.Slice(n * inSize, inSize));
            }
        }
    }

    // output[o, p] = bias[o] + Σk W[o, k] · columns[k, p]. The one place the GEMM is called on the forward path,
    // so the kernel choice lives here alone.
    private void Project(ReadOnlySpan<float> columns, int pixels, Span<float> output)
    {
        for (int o = 0; o < OutChannels; o++)
        {
            output.Slice(o * pixels, pixels).Fill(Bias.Value[o]);
        }

        Gemm.Multiply(Weight.Value, columns, output, OutChannels, PatchLength, pixels, accumulate: true);
    }

    private int CheckSpatial(int height, int width)
    {
        ShapeChecks.Positive(height, nameof(height));
        ShapeChecks.Positive(width, nameof(width));
        int outH = OutputHeight(height);
        int outW = OutputWidth(width);
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"{Name}: a {height}×{width} map is smaller than the {KernelSize}×{KernelSize} kernel with padding {Padding}.");
        }

        return outH * outW;
    }

    private static void Fill(float[] values, float bound, Random random)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ((2f * random.NextSingle()) - 1f) * bound;
        }
    }
}
