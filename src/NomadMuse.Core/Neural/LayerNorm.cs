using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural;

/// <summary>
/// Layer normalisation over the last dimension: <c>y = γ·(x − μ)/√(σ² + ε) + β</c> with the biased variance, the
/// same as PyTorch <c>nn.LayerNorm(dim)</c> and ONNX <c>LayerNormalization(axis=-1)</c>.
/// </summary>
/// <remarks>
/// <para>Parameters: <c>{name}.weight</c> γ [dimension] (initialised to 1) and <c>{name}.bias</c> β [dimension],
/// neither decayed. Activations are [rows × dimension].</para>
/// <para><see cref="Apply"/> is allocation-free and read-only on the weights; training is single-threaded.</para>
/// </remarks>
public sealed class LayerNorm : ITrainable
{
    private float[] _normalized = [];
    private float[] _inverseStd = [];
    private int _rows;

    /// <summary>Creates a layer with γ = 1 and β = 0.</summary>
    /// <param name="name">Parameter name prefix.</param>
    /// <param name="dimension">Features per row.</param>
    /// <param name="epsilon">Added to the variance; PyTorch's default is 1e-5.</param>
    /// <exception cref="ArgumentOutOfRangeException">The dimension or epsilon is not positive.</exception>
    public LayerNorm(string name, int dimension, float epsilon = 1e-5f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (!(epsilon > 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Must be positive.");
        }

        Dimension = dimension;
        Epsilon = epsilon;
        Gain = new Parameter(name + ".weight", dimension) { DecayWeights = false };
        Shift = new Parameter(name + ".bias", dimension) { DecayWeights = false };
        WeightInit.Constant(Gain, 1f);
        Parameters = [Gain, Shift];
    }

    /// <summary>Features per row.</summary>
    public int Dimension { get; }

    /// <summary>The variance offset ε.</summary>
    public float Epsilon { get; }

    /// <summary>γ [dimension].</summary>
    public Parameter Gain { get; }

    /// <summary>β [dimension].</summary>
    public Parameter Shift { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Inference over [rows × dimension]; <paramref name="output"/> may be <paramref name="input"/>.</summary>
    /// <remarks>Allocation-free; any thread may call it while no one trains the layer.</remarks>
    /// <exception cref="ArgumentException">The spans are not equal whole rows.</exception>
    public void Apply(ReadOnlySpan<float> input, Span<float> output)
    {
        int rows = CheckRows(input.Length, output.Length);
        for (int r = 0; r < rows; r++)
        {
            NormalizeRow(input.Slice(r * Dimension, Dimension), output.Slice(r * Dimension, Dimension));
            TensorPrimitives.MultiplyAdd(output.Slice(r * Dimension, Dimension), Gain.Value, Shift.Value, output.Slice(r * Dimension, Dimension));
        }
    }

    /// <summary>Training forward: like <see cref="Apply"/>, caching x̂ and 1/σ per row.</summary>
    /// <exception cref="ArgumentException">The spans are not equal whole rows.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        _rows = CheckRows(input.Length, output.Length);
        DenseMath.Ensure(ref _normalized, input.Length);
        DenseMath.Ensure(ref _inverseStd, _rows);
        for (int r = 0; r < _rows; r++)
        {
            Span<float> xhat = _normalized.AsSpan(r * Dimension, Dimension);
            _inverseStd[r] = NormalizeRow(input.Slice(r * Dimension, Dimension), xhat);
            TensorPrimitives.MultiplyAdd(xhat, Gain.Value, Shift.Value, output.Slice(r * Dimension, Dimension));
        }
    }

    /// <summary>Accumulates γ and β gradients and writes dL/dx [rows × dimension] (overwritten; empty to skip).</summary>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        int n = Dimension;
        if (gradOutput.Length != _rows * n || (!gradInput.IsEmpty && gradInput.Length != _rows * n))
        {
            throw new ArgumentException($"Gradients must hold {_rows}×{n} values.", nameof(gradOutput));
        }

        Span<float> gGain = Gain.Gradient;
        Span<float> gShift = Shift.Gradient;
        ReadOnlySpan<float> gamma = Gain.Value;
        for (int r = 0; r < _rows; r++)
        {
            ReadOnlySpan<float> gy = gradOutput.Slice(r * n, n);
            ReadOnlySpan<float> xhat = _normalized.AsSpan(r * n, n);
            TensorPrimitives.MultiplyAdd(gy, xhat, gGain, gGain);
            DenseMath.AddInPlace(gShift, gy);
            if (gradInput.IsEmpty)
            {
                continue;
            }

            // dx = (1/σ)·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)), dx̂ = dy·γ.
            double sum = 0, sumX = 0;
            for (int i = 0; i < n; i++)
            {
                double d = gy[i] * gamma[i];
                sum += d;
                sumX += d * xhat[i];
            }

            float meanD = (float)(sum / n);
            float meanDx = (float)(sumX / n);
            float inv = _inverseStd[r];
            Span<float> gx = gradInput.Slice(r * n, n);
            for (int i = 0; i < n; i++)
            {
                gx[i] = inv * (gy[i] * gamma[i] - meanD - xhat[i] * meanDx);
            }
        }
    }

    private float NormalizeRow(ReadOnlySpan<float> x, Span<float> xhat)
    {
        float mean = TensorPrimitives.Sum(x) / x.Length;
        double variance = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - mean;
            variance += d * d;
        }

        float inv = 1f / MathF.Sqrt((float)(variance / x.Length) + Epsilon);
        TensorPrimitives.Subtract(x, mean, xhat);
        TensorPrimitives.Multiply(xhat, inv, xhat);
        return inv;
    }

    private int CheckRows(int inputLength, int outputLength)
    {
        if (inputLength % Dimension != 0 || outputLength != inputLength)
        {
            throw new ArgumentException($"LayerNorm {Gain.Name}: input ({inputLength}) and output ({outputLength}) must be equal whole rows of {Dimension}.", nameof(inputLength));
        }

        return inputLength / Dimension;
    }
}
