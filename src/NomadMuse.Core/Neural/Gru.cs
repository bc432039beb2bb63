using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural;

/// <summary>
/// A gated recurrent unit with PyTorch's gate order (r, z, n) and formula, so <c>nn.GRU</c> and ONNX <c>GRU</c>
/// (<c>linear_before_reset=1</c>) weights import 1:1:
/// <code>
/// r = σ(W_ir x + b_ir + W_hr h + b_hr)
/// z = σ(W_iz x + b_iz + W_hz h + b_hz)
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
/// h' = (1 − z) ⊙ n + z ⊙ h
/// </code>
/// </summary>
/// <remarks>
/// <para>Parameters: <c>{name}.weight_ih</c> [3H × I] (rows r, z, n), <c>{name}.weight_hh</c> [3H × H],
/// <c>{name}.bias_ih</c> [3H], <c>{name}.bias_hh</c> [3H]; biases are not decayed. These are PyTorch's
/// <c>weight_ih_l0</c>… tensors unchanged. ONNX orders its gates z, r, h, so an exporter permutes row blocks.</para>
/// <para>Inference: <see cref="Step"/> advances one token with caller-owned state and scratch, allocating nothing.
/// Training: <see cref="Forward"/> over a time-major [T × B × I] sequence, then <see cref="Backward"/> through time.</para>
/// </remarks>
public sealed class Gru : ITrainable
{
    // Training caches: inputs, previous states, gate activations (r, z, n per row) and W_hn·h + b_hn.
    private float[] _x = [], _hPrev = [], _gates = [], _ghn = [];
    private float[] _gh = [], _dgi = [], _dhNext = [], _dh = [];
    private int _steps, _batch;

    /// <summary>Creates a zero-initialised layer.</summary>
    /// <param name="name">Parameter name prefix.</param>
    /// <param name="inputSize">I, features per input token.</param>
    /// <param name="hiddenSize">H, the state size.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Gru(string name, int inputSize, int hiddenSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        InputWeight = new Parameter(name + ".weight_ih", 3 * hiddenSize, inputSize);
        HiddenWeight = new Parameter(name + ".weight_hh", 3 * hiddenSize, hiddenSize);
        InputBias = new Parameter(name + ".bias_ih", 3 * hiddenSize) { DecayWeights = false };
        HiddenBias = new Parameter(name + ".bias_hh", 3 * hiddenSize) { DecayWeights = false };
        Parameters = [InputWeight, HiddenWeight, InputBias, HiddenBias];
    }

    /// <summary>I.</summary>
    public int InputSize { get; }

    /// <summary>H.</summary>
    public int HiddenSize { get; }

    /// <summary>W_ih [3H × I], row blocks r, z, n.</summary>
    public Parameter InputWeight { get; }

    /// <summary>W_hh [3H × H], row blocks r, z, n.</summary>
    public Parameter HiddenWeight { get; }

    /// <summary>b_ih [3H].</summary>
    public Parameter InputBias { get; }

    /// <summary>b_hh [3H].</summary>
    public Parameter HiddenBias { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The scratch length <see cref="Step"/> needs: 6H floats.</summary>
    public int StepScratchLength => 6 * HiddenSize;

    /// <summary>PyTorch's default: every tensor uniform in ±1/√H.</summary>
    /// <param name="random">The seeded source.</param>
    public void Initialize(TrainingRandom random)
    {
        float bound = 1f / MathF.Sqrt(HiddenSize);
        foreach (Parameter p in Parameters)
        {
            WeightInit.Uniform(p, bound, random);
        }
    }

    /// <summary>Advances the state by one input token.</summary>
    /// <param name="x">The input [I].</param>
    /// <param name="h">The state [H], read and overwritten with h'. Start from zeros (or a primed state).</param>
    /// <param name="scratch">At least <see cref="StepScratchLength"/> floats, owned by the caller.</param>
    /// <remarks>Allocation-free and lock-free. Reads weights only: any number of threads may step their own states
    /// at once, as long as no one trains the layer meanwhile.</remarks>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Step(ReadOnlySpan<float> x, Span<float> h, Span<float> scratch)
    {
        int hs = HiddenSize;
        if (x.Length != InputSize || h.Length != hs || scratch.Length < 6 * hs)
        {
            ThrowStep(x.Length, h.Length, scratch.Length);
        }

        Span<float> gi = scratch[..(3 * hs)];
        Span<float> gh = scratch.Slice(3 * hs, 3 * hs);
        DenseMath.MatVec(InputWeight.Value, InputBias.Value, x, gi);
        DenseMath.MatVec(HiddenWeight.Value, HiddenBias.Value, h, gh);
        Gates(gi, gh, h, h);
    }

    /// <summary>
    /// Training forward over a time-major sequence, caching what <see cref="Backward"/> needs.
    /// </summary>
    /// <param name="input">[T × B × I].</param>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="initialState">h₀ [B × H], or empty for zeros.</param>
    /// <param name="output">Receives h₁…h_T as [T × B × H]; the last row block is the final state.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">T or B is not positive.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> input, int steps, int batch, ReadOnlySpan<float> initialState, Span<float> output)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int hs = HiddenSize;
        int rows = steps * batch;
        if (input.Length != rows * InputSize || output.Length != rows * hs || (!initialState.IsEmpty && initialState.Length != batch * hs))
        {
            throw new ArgumentException($"GRU {InputWeight.Name}: expected input {steps}×{batch}×{InputSize}, output {steps}×{batch}×{hs}, initial state empty or {batch}×{hs}.", nameof(input));
        }

        _steps = steps;
        _batch = batch;
        int gates = 3 * hs;
        input.CopyTo(DenseMath.Ensure(ref _x, input.Length));
        Span<float> hPrevAll = DenseMath.Ensure(ref _hPrev, rows * hs).AsSpan(0, rows * hs);
        Span<float> gatesAll = DenseMath.Ensure(ref _gates, rows * gates).AsSpan(0, rows * gates);
        Span<float> ghnAll = DenseMath.Ensure(ref _ghn, rows * hs).AsSpan(0, rows * hs);
        Span<float> gh = DenseMath.Ensure(ref _gh, batch * gates).AsSpan(0, batch * gates);

        // Input projections of every token at once (no recurrence): one pass over W_ih per row block.
        DenseMath.MatMulRows(InputWeight.Value, InputBias.Value, input, rows, gatesAll);
        for (int t = 0; t < steps; t++)
        {
            Span<float> hPrev = hPrevAll.Slice(t * batch * hs, batch * hs);
            if (t > 0)
            {
                output.Slice((t - 1) * batch * hs, batch * hs).CopyTo(hPrev);
            }
            else if (initialState.IsEmpty)
            {
                hPrev.Clear();
            }
            else
            {
                initialState.CopyTo(hPrev);
            }

            // The recurrent projections of the B sequences share each W_hh row while it is in cache.
            DenseMath.MatMulRows(HiddenWeight.Value, HiddenBias.Value, hPrev, batch, gh);
            for (int b = 0; b < batch; b++)
            {
                int k = t * batch + b;
                Span<float> ghRow = gh.Slice(b * gates, gates);
                ghRow.Slice(2 * hs, hs).CopyTo(ghnAll.Slice(k * hs, hs));
                // Gates leaves r, z, n in the gate row: exactly the cache Backward needs.
                Gates(gatesAll.Slice(k * gates, gates), ghRow, hPrev.Slice(b * hs, hs), output.Slice(k * hs, hs));
            }
        }
    }

    /// <summary>Back-propagation through time for the last <see cref="Forward"/>; accumulates parameter gradients.</summary>
    /// <param name="gradOutput">dL/dh_t for every step [T × B × H].</param>
    /// <param name="gradFinalState">Extra dL/dh_T [B × H] (e.g. from a carried state), or empty.</param>
    /// <param name="gradInput">Receives dL/dx [T × B × I] (overwritten), or empty to skip.</param>
    /// <param name="gradInitialState">Receives dL/dh₀ [B × H] (overwritten), or empty to skip.</param>
    /// <exception cref="InvalidOperationException">No forward pass is cached.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> gradFinalState, Span<float> gradInput, Span<float> gradInitialState)
    {
        if (_steps == 0)
        {
            throw new InvalidOperationException("Backward needs a cached Forward pass.");
        }

        int hs = HiddenSize, batch = _batch, rows = _steps * _batch;
        if (gradOutput.Length != rows * hs
            || (!gradFinalState.IsEmpty && gradFinalState.Length != batch * hs)
            || (!gradInput.IsEmpty && gradInput.Length != rows * InputSize)
            || (!gradInitialState.IsEmpty && gradInitialState.Length != batch * hs))
        {
            throw new ArgumentException($"GRU {InputWeight.Name}: gradient spans do not match the cached {_steps}×{batch} forward pass.", nameof(gradOutput));
        }

        int gates = 3 * hs;
        Span<float> dhNext = DenseMath.Ensure(ref _dhNext, batch * hs).AsSpan(0, batch * hs);
        Span<float> dh = DenseMath.Ensure(ref _dh, hs).AsSpan(0, hs);
        Span<float> dgiAll = DenseMath.Ensure(ref _dgi, rows * gates).AsSpan(0, rows * gates);
        Span<float> dgh = DenseMath.Ensure(ref _gh, batch * gates).AsSpan(0, batch * gates);
        if (gradFinalState.IsEmpty)
        {
            dhNext.Clear();
        }
        else
        {
            gradFinalState.CopyTo(dhNext);
        }

        for (int t = _steps - 1; t >= 0; t--)
        {
            for (int b = 0; b < batch; b++)
            {
                int k = t * batch + b;
                int o = k * hs;
                ReadOnlySpan<float> cache = _gates.AsSpan(k * gates, gates);
                Span<float> dgi = dgiAll.Slice(k * gates, gates);
                Span<float> dghRow = dgh.Slice(b * gates, gates);
                Span<float> carry = dhNext.Slice(b * hs, hs);
                gradOutput.Slice(o, hs).CopyTo(dh);
                DenseMath.AddInPlace(dh, carry);
                for (int j = 0; j < hs; j++)
                {
                    float r = cache[j], z = cache[hs + j], n = cache[2 * hs + j], hp = _hPrev[o + j], g = dh[j];
                    float dAn = g * (1f - z) * (1f - n * n);
                    float dAz = g * (hp - n) * z * (1f - z);
                    float dAr = dAn * _ghn[o + j] * r * (1f - r);
                    dgi[j] = dAr;
                    dgi[hs + j] = dAz;
                    dgi[2 * hs + j] = dAn;
                    dghRow[j] = dAr;
                    dghRow[hs + j] = dAz;
                    dghRow[2 * hs + j] = dAn * r;
                    carry[j] = g * z;
                }
            }

            ReadOnlySpan<float> hPrev = _hPrev.AsSpan(t * batch * hs, batch * hs);
            DenseMath.OuterAddRows(dgh, hPrev, batch, HiddenWeight.Gradient);
            DenseMath.SumRowsAdd(dgh, batch, HiddenBias.Gradient);
            DenseMath.MatTransposeAddRows(HiddenWeight.Value, dgh, batch, dhNext);
        }

        // The input side has no recurrence: do every token in one batched pass.
        DenseMath.OuterAddRows(dgiAll, _x.AsSpan(0, rows * InputSize), rows, InputWeight.Gradient);
        DenseMath.SumRowsAdd(dgiAll, rows, InputBias.Gradient);
        if (!gradInput.IsEmpty)
        {
            gradInput.Clear();
            DenseMath.MatTransposeAddRows(InputWeight.Value, dgiAll, rows, gradInput);
        }

        if (!gradInitialState.IsEmpty)
        {
            dhNext.CopyTo(gradInitialState);
        }
    }

    /// <summary>
    /// The gate non-linearities. On entry gi = W_ih x + b_ih and gh = W_hh h + b_hh; on exit <paramref name="hOut"/>
    /// holds h' and gi holds r, z, n (for the training cache). <paramref name="hOut"/> may be <paramref name="h"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Gates(Span<float> gi, Span<float> gh, ReadOnlySpan<float> h, Span<float> hOut) =>
        Gates(HiddenSize, gi, gh, h, hOut);

    /// <summary>
    /// The gate function shared with <see cref="QuantizedGru"/>: from the projections <c>gi = W_ih x + b_ih</c> and
    /// <c>gh = W_hh h + b_hh</c> (each [3H], blocks r, z, n) writes h'. Leaves r, z, n in <c>gi</c>; clobbers <c>gh</c>.
    /// </summary>
    internal static void Gates(int hs, Span<float> gi, Span<float> gh, ReadOnlySpan<float> h, Span<float> hOut)
    {
        Span<float> rz = gi[..(2 * hs)];
        TensorPrimitives.Add(rz, gh[..(2 * hs)], rz);
        TensorPrimitives.Sigmoid(rz, rz);
        Span<float> r = gi[..hs];
        Span<float> z = gi.Slice(hs, hs);
        Span<float> n = gi.Slice(2 * hs, hs);
        Span<float> tmp = gh[..hs]; // r, z part of gh is consumed: reuse it
        TensorPrimitives.MultiplyAdd(r, gh.Slice(2 * hs, hs), n, n);
        TensorPrimitives.Tanh(n, n);
        TensorPrimitives.Subtract(h, n, tmp);        // h − n
        TensorPrimitives.MultiplyAdd(tmp, z, n, hOut); // n + z(h − n) = (1 − z)n + z h
    }

    private void ThrowStep(int x, int h, int scratch) =>
        throw new ArgumentException($"GRU {InputWeight.Name} step: x must be {InputSize} (got {x}), h {HiddenSize} (got {h}), scratch at least {6 * HiddenSize} (got {scratch}).", nameof(x));
}
