using System.Runtime.CompilerServices;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural;

/// <summary>
/// Single-head, causal, local self-attention with a learned relative-position bias: token t attends to itself and
/// the previous <see cref="Window"/> tokens.
/// <code>
/// q_t = W_q x_t + b_q,  k_j = W_k x_j + b_k,  v_j = W_v x_j + b_v                (head dimension d)
/// s_tj = q_t·k_j / √d + bias[64 + (j − t)]     for t − Window ≤ j ≤ t
/// a_t = softmax_j(s_t),  c_t = Σ_j a_tj v_j,  y_t = W_o c_t + b_o
/// </code>
/// </summary>
/// <remarks>
/// <para>Parameters: <c>{name}.q_proj</c>, <c>{name}.k_proj</c>, <c>{name}.v_proj</c> (<see cref="Linear"/>,
/// [d × D] weights), <c>{name}.out_proj</c> ([D × d]) and <c>{name}.relative_bias</c> [129], indexed by
/// 64 + (j − t) for offsets −64…+64 (the paper's ±64 table). A causal generator only uses offsets −Window…0,
/// the entries 64 − Window … 64; the rest stay as loaded and receive no gradient. The residual connection, if any,
/// belongs to the caller.</para>
/// <para>The paper's "±32-token window" is read causally: a generator cannot see the future, so the window is the
/// last 32 tokens plus the current one (33 keys).</para>
/// <para>Inference: <see cref="Step"/> with a caller-owned <see cref="LocalAttentionCache"/> ring; training:
/// <see cref="Forward"/>/<see cref="Backward"/> over time-major [T × B × D] sequences.</para>
/// </remarks>
public sealed class LocalSelfAttention : ITrainable
{
    /// <summary>The largest |offset| the relative-bias table covers.</summary>
    public const int MaxRelativeDistance = 64;

    private float[] _q = [], _k = [], _v = [], _c = [], _attention = [];
    private float[] _dq = [], _dk = [], _dv = [], _dc = [], _dx = [];
    private int _steps, _batch;

    /// <summary>Creates a zero-initialised layer.</summary>
    /// <param name="name">Parameter name prefix.</param>
    /// <param name="modelDimension">D, the input and output size.</param>
    /// <param name="headDimension">d, the query/key/value size (the paper's 64).</param>
    /// <param name="window">Previous tokens attended to, 1…64 (the paper's 32).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the window is outside 1…64.</exception>
    public LocalSelfAttention(string name, int modelDimension, int headDimension = 64, int window = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(modelDimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(headDimension);
        if (window is < 1 or > MaxRelativeDistance)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"Must be in 1…{MaxRelativeDistance} (the relative-bias range).");
        }

        ModelDimension = modelDimension;
        HeadDimension = headDimension;
        Window = window;
        Query = new Linear(name + ".q_proj", modelDimension, headDimension);
        Key = new Linear(name + ".k_proj", modelDimension, headDimension);
        Value = new Linear(name + ".v_proj", modelDimension, headDimension);
        Output = new Linear(name + ".out_proj", headDimension, modelDimension);
        RelativeBias = new Parameter(name + ".relative_bias", 2 * MaxRelativeDistance + 1) { DecayWeights = false };
        Parameters = [.. Query.Parameters, .. Key.Parameters, .. Value.Parameters, .. Output.Parameters, RelativeBias];
    }

    /// <summary>D.</summary>
    public int ModelDimension { get; }

    /// <summary>d.</summary>
    public int HeadDimension { get; }

    /// <summary>Previous tokens attended to (keys per query: Window + 1).</summary>
    public int Window { get; }

    /// <summary>The query projection D → d.</summary>
    public Linear Query { get; }

    /// <summary>The key projection D → d.</summary>
    public Linear Key { get; }

    /// <summary>The value projection D → d.</summary>
    public Linear Value { get; }

    /// <summary>The output projection d → D.</summary>
    public Linear Output { get; }

    /// <summary>[129], index 64 + (j − t).</summary>
    public Parameter RelativeBias { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The scratch length <see cref="Step"/> needs: 2d + Window + 1 floats.</summary>
    public int StepScratchLength => 2 * HeadDimension + Window + 1;

    /// <summary>Xavier-uniform projections, zero biases and zero relative bias.</summary>
    /// <param name="random">The seeded source.</param>
    public void Initialize(TrainingRandom random)
    {
        foreach (Linear l in (ReadOnlySpan<Linear>)[Query, Key, Value, Output])
        {
            WeightInit.XavierUniform(l.Weight, random);
            Array.Clear(l.Bias.Value);
        }

        Array.Clear(RelativeBias.Value);
    }

    /// <summary>Creates an empty key/value ring for one stream (allocates once).</summary>
    public LocalAttentionCache CreateCache() => new(Window + 1, HeadDimension);

    /// <summary>Attends from one new token to itself and the cached previous <see cref="Window"/> tokens.</summary>
    /// <param name="x">The token's input [D].</param>
    /// <param name="cache">This stream's ring; the token's key and value are appended.</param>
    /// <param name="output">Receives y [D].</param>
    /// <param name="scratch">At least <see cref="StepScratchLength"/> floats, owned by the caller.</param>
    /// <remarks>Allocation-free and lock-free; its cost does not grow with the position. Reads weights only: threads
    /// may step different caches at once while no one trains the layer.</remarks>
    /// <exception cref="ArgumentException">A span has the wrong length or the cache belongs to another shape.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(ReadOnlySpan<float> x, LocalAttentionCache cache, Span<float> output, Span<float> scratch)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int d = HeadDimension, slots = Window + 1;
        if (x.Length != ModelDimension || output.Length != ModelDimension || scratch.Length < StepScratchLength
            || cache.Slots != slots || cache.HeadDimension != d)
        {
            ThrowStep();
        }

        Span<float> q = scratch[..d];
        Span<float> context = scratch.Slice(d, d);
        Span<float> scores = scratch.Slice(2 * d, slots);
        int slot = (int)(cache.Position % slots);
        Span<float> keys = cache.Keys;
        Span<float> values = cache.Values;
        Query.Apply(x, q);
        Key.Apply(x, keys.Slice(slot * d, d));
        Value.Apply(x, values.Slice(slot * d, d));

        int count = (int)Math.Min(cache.Position, Window) + 1;
        float scale = 1f / MathF.Sqrt(d);
        ReadOnlySpan<float> bias = RelativeBias.Value;
        for (int back = 0; back < count; back++)
        {
            int s = slot - back;
            s += s < 0 ? slots : 0;
            scores[back] = DenseMath.Dot(q, keys.Slice(s * d, d)) * scale + bias[MaxRelativeDistance - back];
        }

        Span<float> weights = scores[..count];
        Softmax.Apply(weights, weights);
        context.Clear();
        for (int back = 0; back < count; back++)
        {
            int s = slot - back;
            s += s < 0 ? slots : 0;
            DenseMath.MultiplyAdd(values.Slice(s * d, d), weights[back], context);
        }

        Output.Apply(context, output);
        cache.Position++;
    }

    /// <summary>Training forward over a time-major sequence, caching what <see cref="Backward"/> needs.</summary>
    /// <param name="input">[T × B × D]; each of the B columns is an independent sequence starting at position 0.</param>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="output">Receives y [T × B × D].</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">T or B is not positive.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> input, int steps, int batch, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int rows = steps * batch, d = HeadDimension, slots = Window + 1;
        if (input.Length != rows * ModelDimension || output.Length != rows * ModelDimension)
        {
            throw new ArgumentException($"Attention {RelativeBias.Name}: input and output must be {steps}×{batch}×{ModelDimension}.", nameof(input));
        }

        _steps = steps;
        _batch = batch;
        Span<float> q = DenseMath.Ensure(ref _q, rows * d).AsSpan(0, rows * d);
        Span<float> k = DenseMath.Ensure(ref _k, rows * d).AsSpan(0, rows * d);
        Span<float> v = DenseMath.Ensure(ref _v, rows * d).AsSpan(0, rows * d);
        Span<float> c = DenseMath.Ensure(ref _c, rows * d).AsSpan(0, rows * d);
        Span<float> a = DenseMath.Ensure(ref _attention, rows * slots).AsSpan(0, rows * slots);
        Query.Forward(input, q);
        Key.Forward(input, k);
        Value.Forward(input, v);
        float scale = 1f / MathF.Sqrt(d);
        ReadOnlySpan<float> bias = RelativeBias.Value;
        c.Clear();
        a.Clear();
        for (int t = 0; t < steps; t++)
        {
            int count = Math.Min(t, Window) + 1;
            for (int b = 0; b < batch; b++)
            {
                int row = t * batch + b;
                Span<float> weights = a.Slice(row * slots, count);
                ReadOnlySpan<float> qt = q.Slice(row * d, d);
                for (int back = 0; back < count; back++)
                {
                    int j = (t - back) * batch + b;
                    weights[back] = DenseMath.Dot(qt, k.Slice(j * d, d)) * scale + bias[MaxRelativeDistance - back];
                }

                Softmax.Apply(weights, weights);
                Span<float> ct = c.Slice(row * d, d);
                for (int back = 0; back < count; back++)
                {
                    int j = (t - back) * batch + b;
                    DenseMath.MultiplyAdd(v.Slice(j * d, d), weights[back], ct);
                }
            }
        }

        Output.Forward(c, output);
    }

    /// <summary>Back-propagates the last <see cref="Forward"/>, accumulating every parameter gradient.</summary>
    /// <param name="gradOutput">dL/dy [T × B × D].</param>
    /// <param name="gradInput">Receives dL/dx [T × B × D] (overwritten), or empty to skip.</param>
    /// <exception cref="InvalidOperationException">No forward pass is cached.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        if (_steps == 0)
        {
            throw new InvalidOperationException("Backward needs a cached Forward pass.");
        }

        int batch = _batch, rows = _steps * batch, d = HeadDimension, slots = Window + 1, dm = ModelDimension;
        if (gradOutput.Length != rows * dm || (!gradInput.IsEmpty && gradInput.Length != rows * dm))
        {
            throw new ArgumentException($"Attention {RelativeBias.Name}: gradients must be {_steps}×{batch}×{dm}.", nameof(gradOutput));
        }

        Span<float> dc = DenseMath.Ensure(ref _dc, rows * d).AsSpan(0, rows * d);
        Span<float> dq = DenseMath.Ensure(ref _dq, rows * d).AsSpan(0, rows * d);
        Span<float> dk = DenseMath.Ensure(ref _dk, rows * d).AsSpan(0, rows * d);
        Span<float> dv = DenseMath.Ensure(ref _dv, rows * d).AsSpan(0, rows * d);
        Output.Backward(gradOutput, dc);
        dq.Clear();
        dk.Clear();
        dv.Clear();
        ReadOnlySpan<float> q = _q, k = _k, v = _v;
        Span<float> gBias = RelativeBias.Gradient;
        float scale = 1f / MathF.Sqrt(d);
        Span<float> dScore = stackalloc float[slots];
        for (int t = 0; t < _steps; t++)
        {
            int count = Math.Min(t, Window) + 1;
            for (int b = 0; b < batch; b++)
            {
                int row = t * batch + b;
                ReadOnlySpan<float> weights = _attention.AsSpan(row * slots, count);
                ReadOnlySpan<float> dct = dc.Slice(row * d, d);
                float weighted = 0f;
                for (int back = 0; back < count; back++)
                {
                    int j = (t - back) * batch + b;
                    float da = DenseMath.Dot(dct, v.Slice(j * d, d));
                    dScore[back] = da;
                    weighted += weights[back] * da;
                    DenseMath.MultiplyAdd(dct, weights[back], dv.Slice(j * d, d));
                }

                Span<float> dqt = dq.Slice(row * d, d);
                for (int back = 0; back < count; back++)
                {
                    int j = (t - back) * batch + b;
                    float ds = weights[back] * (dScore[back] - weighted);
                    gBias[MaxRelativeDistance - back] += ds;
                    DenseMath.MultiplyAdd(k.Slice(j * d, d), ds * scale, dqt);
                    DenseMath.MultiplyAdd(q.Slice(row * d, d), ds * scale, dk.Slice(j * d, d));
                }
            }
        }

        if (gradInput.IsEmpty)
        {
            Query.Backward(dq, []);
            Key.Backward(dk, []);
            Value.Backward(dv, []);
            return;
        }

        Span<float> dx = DenseMath.Ensure(ref _dx, rows * dm).AsSpan(0, rows * dm);
        Query.Backward(dq, gradInput);
        Key.Backward(dk, dx);
        DenseMath.AddInPlace(gradInput, dx);
        Value.Backward(dv, dx);
        DenseMath.AddInPlace(gradInput, dx);
    }

    private void ThrowStep() =>
        throw new ArgumentException($"Attention {RelativeBias.Name} step: x and output must be {ModelDimension}, scratch at least {StepScratchLength}, and the cache made by this layer.", "x");
}
