using System.Runtime.CompilerServices;
using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Neural;

/// <summary>
/// The INT8 inference form of a <see cref="LocalSelfAttention"/>: the query, key, value and output projections run on
/// <see cref="Int8Gemv"/> (weights symmetric per output row, activations per step and tensor); scores, the relative
/// bias, the softmax and the weighted sum of values stay fp32. It steps the same <see cref="LocalAttentionCache"/>.
/// </summary>
/// <remarks>
/// The three input projections are stacked into one <c>[3d × D]</c> matrix so the input is quantised once and the
/// weights are streamed in one pass; per-row scales make the stack compute exactly what three separate products
/// would. Immutable and shareable; the cache, scratch and <see cref="QuantizedVector"/> buffers belong to the caller.
/// </remarks>
public sealed class QuantizedLocalSelfAttention
{
    private readonly QuantizedMatrix _projections;
    private readonly float[] _projectionBias;
    private readonly float[] _outputBias;
    private readonly float[] _relativeBias;

    /// <summary>Assembles a layer from already quantised projections.</summary>
    /// <param name="query">W_q [d × D].</param>
    /// <param name="key">W_k [d × D].</param>
    /// <param name="value">W_v [d × D].</param>
    /// <param name="output">W_o [D × d].</param>
    /// <param name="queryBias">b_q [d].</param>
    /// <param name="keyBias">b_k [d].</param>
    /// <param name="valueBias">b_v [d].</param>
    /// <param name="outputBias">b_o [D].</param>
    /// <param name="relativeBias">The relative-position bias [129].</param>
    /// <param name="window">Previous tokens attended to, 1…64.</param>
    /// <exception cref="ArgumentNullException">A matrix is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not describe one attention layer.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window is outside 1…64.</exception>
    public QuantizedLocalSelfAttention(
        QuantizedMatrix query, QuantizedMatrix key, QuantizedMatrix value, QuantizedMatrix output,
        ReadOnlySpan<float> queryBias, ReadOnlySpan<float> keyBias, ReadOnlySpan<float> valueBias, ReadOnlySpan<float> outputBias,
        ReadOnlySpan<float> relativeBias, int window)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(output);
        if (window is < 1 or > LocalSelfAttention.MaxRelativeDistance)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, $"Must be in 1…{LocalSelfAttention.MaxRelativeDistance}.");
        }

        int d = query.Rows, dm = query.Columns;
        if (key.Rows != d || value.Rows != d || key.Columns != dm || value.Columns != dm || output.Rows != dm || output.Columns != d
            || queryBias.Length != d || keyBias.Length != d || valueBias.Length != d || outputBias.Length != dm
            || relativeBias.Length != (2 * LocalSelfAttention.MaxRelativeDistance) + 1)
        {
            throw new ArgumentException(
                $"Quantized attention: W_q, W_k, W_v must be [d × D], W_o [D × d], biases [d] and [D], the relative bias [129]; " +
                $"got W_q [{query.Rows} × {query.Columns}], W_k [{key.Rows} × {key.Columns}], W_v [{value.Rows} × {value.Columns}], " +
                $"W_o [{output.Rows} × {output.Columns}], relative bias [{relativeBias.Length}].", nameof(query));
        }

        HeadDimension = d;
        ModelDimension = dm;
        Window = window;
        Query = query;
        Key = key;
        Value = value;
        Output = output;
        _projections = Stack(query, key, value);
        _projectionBias = [.. queryBias, .. keyBias, .. valueBias];
        _outputBias = outputBias.ToArray();
        _relativeBias = relativeBias.ToArray();
    }

    /// <summary>D.</summary>
    public int ModelDimension { get; }

    /// <summary>d.</summary>
    public int HeadDimension { get; }

    /// <summary>Previous tokens attended to.</summary>
    public int Window { get; }

    /// <summary>W_q [d × D].</summary>
    public QuantizedMatrix Query { get; }

    /// <summary>W_k [d × D].</summary>
    public QuantizedMatrix Key { get; }

    /// <summary>W_v [d × D].</summary>
    public QuantizedMatrix Value { get; }

    /// <summary>W_o [D × d].</summary>
    public QuantizedMatrix Output { get; }

    /// <summary>The scratch length <see cref="Step"/> needs: 4d + Window + 1 floats.</summary>
    public int StepScratchLength => ScratchLength(HeadDimension, Window);

    /// <summary>The scratch a step needs for head dimension <paramref name="headDimension"/> and window <paramref name="window"/>.</summary>
    /// <param name="headDimension">d.</param>
    /// <param name="window">The window.</param>
    /// <returns>4d + window + 1.</returns>
    public static int ScratchLength(int headDimension, int window) => (4 * headDimension) + window + 1;

    /// <summary>Quantises a trained layer's current weights (the layer itself is not changed or referenced).</summary>
    /// <param name="attention">The fp32 layer.</param>
    /// <returns>The INT8 layer.</returns>
    public static QuantizedLocalSelfAttention Quantize(LocalSelfAttention attention)
    {
        ArgumentNullException.ThrowIfNull(attention);
        static QuantizedMatrix Q(Linear l) => QuantizedMatrix.Quantize(l.Weight.Value, l.Outputs, l.Inputs);
        return new QuantizedLocalSelfAttention(
            Q(attention.Query), Q(attention.Key), Q(attention.Value), Q(attention.Output),
            attention.Query.Bias.Value, attention.Key.Bias.Value, attention.Value.Bias.Value, attention.Output.Bias.Value,
            attention.RelativeBias.Value, attention.Window);
    }

    /// <summary>Attends from one new token to itself and the cached previous <see cref="Window"/> tokens.</summary>
    /// <param name="x">The token's input [D].</param>
    /// <param name="cache">This stream's ring (from <see cref="LocalSelfAttention.CreateCache"/> of a layer of the same shape).</param>
    /// <param name="output">Receives y [D].</param>
    /// <param name="scratch">At least <see cref="StepScratchLength"/> floats.</param>
    /// <param name="inputBuffer">A <see cref="QuantizedVector"/> of length D.</param>
    /// <param name="contextBuffer">A <see cref="QuantizedVector"/> of length d.</param>
    /// <remarks>Allocation-free and lock-free; its cost does not grow with the position.</remarks>
    /// <exception cref="ArgumentException">A span, buffer or the cache has the wrong shape.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(ReadOnlySpan<float> x, LocalAttentionCache cache, Span<float> output, Span<float> scratch,
        QuantizedVector inputBuffer, QuantizedVector contextBuffer)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(inputBuffer);
        ArgumentNullException.ThrowIfNull(contextBuffer);
        int d = HeadDimension, slots = Window + 1;
        if (x.Length != ModelDimension || output.Length != ModelDimension || scratch.Length < StepScratchLength
            || cache.Slots != slots || cache.HeadDimension != d || inputBuffer.Length != ModelDimension || contextBuffer.Length != d)
        {
            throw new ArgumentException(
                $"Quantized attention step: x and output must be {ModelDimension}, scratch at least {StepScratchLength}, the cache {slots} slots of {d}, " +
                $"the buffers {ModelDimension} and {d}.", nameof(x));
        }

        Span<float> qkv = scratch[..(3 * d)];
        Span<float> context = scratch.Slice(3 * d, d);
        Span<float> scores = scratch.Slice(4 * d, slots);
        Int8Gemv.Multiply(_projections, x, inputBuffer, _projectionBias, qkv);
        int slot = (int)(cache.Position % slots);
        Span<float> keys = cache.Keys;
        Span<float> values = cache.Values;
        qkv.Slice(d, d).CopyTo(keys.Slice(slot * d, d));
        qkv.Slice(2 * d, d).CopyTo(values.Slice(slot * d, d));
        ReadOnlySpan<float> q = qkv[..d];

        // From here on the same arithmetic as LocalSelfAttention.Step.
        int count = (int)Math.Min(cache.Position, Window) + 1;
        float scale = 1f / MathF.Sqrt(d);
        ReadOnlySpan<float> bias = _relativeBias;
        for (int back = 0; back < count; back++)
        {
            int s = slot - back;
            s += s < 0 ? slots : 0;
            scores[back] = DenseMath.Dot(q, keys.Slice(s * d, d)) * scale + bias[LocalSelfAttention.MaxRelativeDistance - back];
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

        Int8Gemv.Multiply(Output, context, contextBuffer, _outputBias, output);
        cache.Position++;
    }

    private static QuantizedMatrix Stack(QuantizedMatrix a, QuantizedMatrix b, QuantizedMatrix c)
    {
        int rows = a.Rows, columns = a.Columns;
        var q = new sbyte[3 * rows * columns];
        a.CopyQuantizedTo(q.AsSpan(0, rows * columns));
        b.CopyQuantizedTo(q.AsSpan(rows * columns, rows * columns));
        c.CopyQuantizedTo(q.AsSpan(2 * rows * columns, rows * columns));
        float[] scales = [.. a.Scales, .. b.Scales, .. c.Scales];
        return QuantizedMatrix.FromQuantized(q, scales, 3 * rows, columns);
    }
}
