using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Generation.Model;

/// <summary>
/// One pre-LayerNorm transformer block of the base generator:
/// <code>
/// h = x + Dropout(Attention(LN₁(x)))
/// y = h + Dropout(W₂·ReLU(W₁·LN₂(h) + b₁) + b₂)
/// </code>
/// The attention is the causal local single-head <see cref="LocalSelfAttention"/> (64-dim head, the current token
/// and the 32 before it, learned relative bias) shared with the GRU/attention generator.
/// </summary>
/// <remarks>
/// <para>Parameters, in order: <c>{name}.norm1</c>, <c>{name}.attention</c>, <c>{name}.norm2</c>,
/// <c>{name}.ffn1</c> [F × d], <c>{name}.ffn2</c> [d × F].</para>
/// <para>Training (<see cref="Forward"/>/<see cref="Backward"/>) runs over time-major <c>[T × B × d]</c> batches
/// with the feed-forward layers on the GEMM kernels; inference (<see cref="Step"/>) updates one token's residual
/// vector in place, allocation-free, against a caller-owned attention cache.</para>
/// </remarks>
public sealed class TransformerBlock : ITrainable
{
    private readonly Dropout _attentionDropout;
    private readonly Dropout _feedForwardDropout;
    private float[] _n1 = [], _a = [], _h = [], _n2 = [], _r = [], _c = [];
    private float[] _gh = [], _gc = [], _gr = [], _gn = [];
    private int _rows;
    private bool _dropped;

    /// <summary>Creates a block with zero weights (call <see cref="Initialize"/> or load weights).</summary>
    /// <param name="name">Parameter name prefix.</param>
    /// <param name="modelDimension">d.</param>
    /// <param name="feedForward">F, the feed-forward hidden width.</param>
    /// <param name="dropout">Residual-branch dropout while training.</param>
    /// <param name="random">Source of dropout masks.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the dropout is outside [0, 1).</exception>
    public TransformerBlock(string name, int modelDimension, int feedForward, float dropout, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(random);
        ModelDimension = modelDimension;
        FeedForward = feedForward;
        AttentionNorm = new LayerNorm(name + ".norm1", modelDimension);
        Attention = new LocalSelfAttention(name + ".attention", modelDimension, GeneratorConfig.AttentionHead, GeneratorConfig.AttentionWindow);
        FeedForwardNorm = new LayerNorm(name + ".norm2", modelDimension);
        Expand = new Linear(name + ".ffn1", modelDimension, feedForward);
        Contract = new Linear(name + ".ffn2", feedForward, modelDimension);
        _attentionDropout = new Dropout(dropout, random);
        _feedForwardDropout = new Dropout(dropout, random);
        Parameters = [.. AttentionNorm.Parameters, .. Attention.Parameters, .. FeedForwardNorm.Parameters, .. Expand.Parameters, .. Contract.Parameters];
    }

    /// <summary>d.</summary>
    public int ModelDimension { get; }

    /// <summary>F.</summary>
    public int FeedForward { get; }

    /// <summary>LN₁, before the attention.</summary>
    public LayerNorm AttentionNorm { get; }

    /// <summary>The causal local attention.</summary>
    public LocalSelfAttention Attention { get; }

    /// <summary>LN₂, before the feed-forward network.</summary>
    public LayerNorm FeedForwardNorm { get; }

    /// <summary>W₁: d → F.</summary>
    public Linear Expand { get; }

    /// <summary>W₂: F → d.</summary>
    public Linear Contract { get; }

    /// <summary>Threads the training GEMMs may use (1 = the calling thread only).</summary>
    public int Parallelism { get; set; } = 1;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Floats of scratch <see cref="Step"/> needs.</summary>
    public int StepScratchLength => Attention.StepScratchLength + (2 * ModelDimension) + FeedForward;

    /// <summary>Xavier attention projections, PyTorch-default feed-forward layers, unit LayerNorms.</summary>
    /// <param name="random">The seeded source.</param>
    public void Initialize(TrainingRandom random)
    {
        Attention.Initialize(random);
        Expand.Initialize(random);
        Contract.Initialize(random);
    }

    /// <summary>Advances one token: <paramref name="residual"/> [d] goes in as x and comes out as y.</summary>
    /// <param name="residual">The token's residual vector, updated in place.</param>
    /// <param name="cache">This block's attention ring for the stream.</param>
    /// <param name="scratch">At least <see cref="StepScratchLength"/> floats.</param>
    /// <remarks>Allocation-free and lock-free; reads weights only.</remarks>
    /// <exception cref="ArgumentException">A span is too short or the cache has another shape.</exception>
    public void Step(Span<float> residual, LocalAttentionCache cache, Span<float> scratch)
    {
        int d = ModelDimension;
        if (residual.Length != d || scratch.Length < StepScratchLength)
        {
            throw new ArgumentException($"Transformer block step: residual must hold {d} floats and scratch at least {StepScratchLength}.", nameof(residual));
        }

        Span<float> normed = scratch[..d];
        Span<float> branch = scratch.Slice(d, d);
        Span<float> hidden = scratch.Slice(2 * d, FeedForward);
        Span<float> attentionScratch = scratch.Slice((2 * d) + FeedForward, Attention.StepScratchLength);
        AttentionNorm.Apply(residual, normed);
        Attention.Step(normed, cache, branch, attentionScratch);
        DenseAdd(residual, branch);
        FeedForwardNorm.Apply(residual, normed);
        Expand.Apply(normed, hidden);
        Relu(hidden);
        Contract.Apply(hidden, branch);
        DenseAdd(residual, branch);
    }

    /// <summary>Training forward over <c>[T × B × d]</c>; caches what <see cref="Backward"/> needs.</summary>
    /// <param name="input">x, time-major; every column starts at position 0.</param>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="output">Receives y (may not be <paramref name="input"/>).</param>
    /// <param name="training">Apply dropout (true) or behave as at inference.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Forward(ReadOnlySpan<float> input, int steps, int batch, Span<float> output, bool training)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int rows = steps * batch, d = ModelDimension, f = FeedForward;
        if (input.Length != rows * d || output.Length != rows * d)
        {
            throw new ArgumentException($"Transformer block {AttentionNorm.Gain.Name}: input and output must be {steps}×{batch}×{d}.", nameof(input));
        }

        _rows = rows;
        _dropped = training && _attentionDropout.Rate > 0f;
        Span<float> n1 = TrainingBuffers.Ensure(ref _n1, rows * d), a = TrainingBuffers.Ensure(ref _a, rows * d), h = TrainingBuffers.Ensure(ref _h, rows * d);
        Span<float> n2 = TrainingBuffers.Ensure(ref _n2, rows * d), r = TrainingBuffers.Ensure(ref _r, rows * f), c = TrainingBuffers.Ensure(ref _c, rows * d);
        AttentionNorm.Forward(input, n1);
        Attention.Forward(n1, steps, batch, a);
        if (_dropped)
        {
            _attentionDropout.Forward(a, a);
        }

        input.CopyTo(h);
        DenseAdd(h, a);
        FeedForwardNorm.Forward(h, n2);
        GemmLinear.Forward(Expand, n2, rows, r, Parallelism);
        Relu(r);
        GemmLinear.Forward(Contract, r, rows, c, Parallelism);
        if (_dropped)
        {
            _feedForwardDropout.Forward(c, c);
        }

        h.CopyTo(output);
        DenseAdd(output, c);
    }

    /// <summary>Back-propagates dL/dy of the last <see cref="Forward"/>, adding into every parameter gradient.</summary>
    /// <param name="gradOutput">dL/dy [T × B × d].</param>
    /// <param name="gradInput">Receives dL/dx (overwritten; may not be <paramref name="gradOutput"/>).</param>
    /// <exception cref="InvalidOperationException">No forward pass is cached.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        if (_rows == 0)
        {
            throw new InvalidOperationException("Backward needs a cached Forward pass.");
        }

        int rows = _rows, d = ModelDimension, f = FeedForward;
        if (gradOutput.Length != rows * d || gradInput.Length != rows * d)
        {
            throw new ArgumentException($"Transformer block {AttentionNorm.Gain.Name}: gradients must hold {rows}×{d} values.", nameof(gradOutput));
        }

        Span<float> gh = TrainingBuffers.Ensure(ref _gh, rows * d), gc = TrainingBuffers.Ensure(ref _gc, rows * d);
        Span<float> gr = TrainingBuffers.Ensure(ref _gr, rows * f), gn = TrainingBuffers.Ensure(ref _gn, rows * d);
        gradOutput.CopyTo(gh);
        Undrop(_feedForwardDropout, gradOutput, gc);
        GemmLinear.Backward(Contract, gc, _r.AsSpan(0, rows * f), rows, gr, Parallelism);
        ReadOnlySpan<float> r = _r.AsSpan(0, rows * f);
        for (int i = 0; i < gr.Length; i++)
        {
            gr[i] = r[i] > 0f ? gr[i] : 0f;
        }

        GemmLinear.Backward(Expand, gr, _n2.AsSpan(0, rows * d), rows, gn, Parallelism);
        FeedForwardNorm.Backward(gn, gc);
        DenseAdd(gh, gc);
        Undrop(_attentionDropout, gh, gc);
        Attention.Backward(gc, gn);
        AttentionNorm.Backward(gn, gradInput);
        DenseAdd(gradInput, gh);
    }

    private void Undrop(Dropout dropout, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        if (_dropped)
        {
            dropout.Backward(gradOutput, gradInput);
        }
        else
        {
            gradOutput.CopyTo(gradInput);
        }
    }

    private static void DenseAdd(Span<float> a, ReadOnlySpan<float> b) => System.Numerics.Tensors.TensorPrimitives.Add(a, b, a);

    private static void Relu(Span<float> x) => System.Numerics.Tensors.TensorPrimitives.Max(x, 0f, x);
}
