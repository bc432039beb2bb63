using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Neural;

/// <summary>
/// The INT8 inference form of a <see cref="Gru"/>: the same gate formula (PyTorch's, gates r, z, n), with the two
/// matrix–vector products of a step done by <see cref="Int8Gemv"/> on weights quantised symmetrically per output row
/// and activations (the input and the previous state) quantised per step, per tensor.
/// </summary>
/// <remarks>
/// Immutable after construction and shareable between threads: the per-stream buffers (hidden state, scratch, the two
/// <see cref="QuantizedVector"/>s) belong to the caller. The biases and the gates stay fp32. The error of each
/// projection is bounded as docs/kernels.md derives (see <see cref="Int8Gemv"/>); the gates then shrink it (σ′ ≤ ¼,
/// tanh′ ≤ 1).
/// </remarks>
public sealed class QuantizedGru
{
    private readonly float[] _inputBias;
    private readonly float[] _hiddenBias;

    /// <summary>Assembles a layer from already quantised weights (e.g. read from a model file).</summary>
    /// <param name="inputWeight">W_ih, [3H × I], row blocks r, z, n.</param>
    /// <param name="hiddenWeight">W_hh, [3H × H], row blocks r, z, n.</param>
    /// <param name="inputBias">b_ih [3H] (copied).</param>
    /// <param name="hiddenBias">b_hh [3H] (copied).</param>
    /// <exception cref="ArgumentNullException">A matrix is null.</exception>
    /// <exception cref="ArgumentException">The shapes do not describe one GRU.</exception>
    public QuantizedGru(QuantizedMatrix inputWeight, QuantizedMatrix hiddenWeight, ReadOnlySpan<float> inputBias, ReadOnlySpan<float> hiddenBias)
    {
        ArgumentNullException.ThrowIfNull(inputWeight);
        ArgumentNullException.ThrowIfNull(hiddenWeight);
        int h3 = hiddenWeight.Rows;
        if (h3 % 3 != 0 || hiddenWeight.Columns != h3 / 3 || inputWeight.Rows != h3 || inputBias.Length != h3 || hiddenBias.Length != h3)
        {
            throw new ArgumentException(
                $"Quantized GRU: W_hh must be [3H × H], W_ih [3H × I] and both biases [3H]; got W_ih [{inputWeight.Rows} × {inputWeight.Columns}], " +
                $"W_hh [{hiddenWeight.Rows} × {hiddenWeight.Columns}], b_ih [{inputBias.Length}], b_hh [{hiddenBias.Length}].",
                nameof(hiddenWeight));
        }

        InputWeight = inputWeight;
        HiddenWeight = hiddenWeight;
        HiddenSize = h3 / 3;
        InputSize = inputWeight.Columns;
        _inputBias = inputBias.ToArray();
        _hiddenBias = hiddenBias.ToArray();
    }

    /// <summary>I.</summary>
    public int InputSize { get; }

    /// <summary>H.</summary>
    public int HiddenSize { get; }

    /// <summary>W_ih, [3H × I].</summary>
    public QuantizedMatrix InputWeight { get; }

    /// <summary>W_hh, [3H × H].</summary>
    public QuantizedMatrix HiddenWeight { get; }

    /// <summary>b_ih [3H].</summary>
    public ReadOnlySpan<float> InputBias => _inputBias;

    /// <summary>b_hh [3H].</summary>
    public ReadOnlySpan<float> HiddenBias => _hiddenBias;

    /// <summary>The scratch length <see cref="Step"/> needs: 6H floats.</summary>
    public int StepScratchLength => 6 * HiddenSize;

    /// <summary>Quantises a trained layer's current weights (the layer itself is not changed or referenced).</summary>
    /// <param name="gru">The fp32 layer.</param>
    /// <returns>The INT8 layer.</returns>
    public static QuantizedGru Quantize(Gru gru)
    {
        ArgumentNullException.ThrowIfNull(gru);
        int h3 = 3 * gru.HiddenSize;
        return new QuantizedGru(
            QuantizedMatrix.Quantize(gru.InputWeight.Value, h3, gru.InputSize),
            QuantizedMatrix.Quantize(gru.HiddenWeight.Value, h3, gru.HiddenSize),
            gru.InputBias.Value,
            gru.HiddenBias.Value);
    }

    /// <summary>Advances the state by one input token.</summary>
    /// <param name="x">The input [I].</param>
    /// <param name="h">The state [H], read and overwritten with h'.</param>
    /// <param name="scratch">At least <see cref="StepScratchLength"/> floats.</param>
    /// <param name="inputBuffer">Receives the quantised input: a <see cref="QuantizedVector"/> of length I.</param>
    /// <param name="hiddenBuffer">Receives the quantised state: length H. May be the same object as
    /// <paramref name="inputBuffer"/> when I = H (the two are used one after the other).</param>
    /// <remarks>Allocation-free and lock-free; any thread may call it with buffers it owns.</remarks>
    /// <exception cref="ArgumentException">A span or buffer has the wrong length, or x or h is not finite.</exception>
    public void Step(ReadOnlySpan<float> x, Span<float> h, Span<float> scratch, QuantizedVector inputBuffer, QuantizedVector hiddenBuffer)
    {
        ArgumentNullException.ThrowIfNull(inputBuffer);
        ArgumentNullException.ThrowIfNull(hiddenBuffer);
        int hs = HiddenSize;
        if (x.Length != InputSize || h.Length != hs || scratch.Length < 6 * hs || inputBuffer.Length != InputSize || hiddenBuffer.Length != hs)
        {
            throw new ArgumentException(
                $"Quantized GRU step: x must be {InputSize} (got {x.Length}), h {hs} (got {h.Length}), scratch at least {6 * hs} (got {scratch.Length}), " +
                $"buffers {InputSize} and {hs} (got {inputBuffer.Length} and {hiddenBuffer.Length}).", nameof(x));
        }

        Span<float> gi = scratch[..(3 * hs)];
        Span<float> gh = scratch.Slice(3 * hs, 3 * hs);
        Int8Gemv.Multiply(InputWeight, x, inputBuffer, _inputBias, gi);
        Int8Gemv.Multiply(HiddenWeight, h, hiddenBuffer, _hiddenBias, gh);
        Gru.Gates(hs, gi, gh, h, h);
    }
}
