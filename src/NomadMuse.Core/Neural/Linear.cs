using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural;

/// <summary>A fully connected layer: <c>y = W·x + b</c>, the same as PyTorch <c>nn.Linear</c> and ONNX <c>Gemm(transB=1)</c>.</summary>
/// <remarks>
/// <para>Parameters: <c>{name}.weight</c> [outputs × inputs] row-major, <c>{name}.bias</c> [outputs] (no weight decay).</para>
/// <para>Activations are flat row-major [rows × features]. <see cref="Forward"/> caches its input for
/// <see cref="Backward"/>, so one instance serves one use per forward pass. Not thread-safe for training;
/// <see cref="Apply"/> only reads the weights and may run on any number of threads at once.</para>
/// </remarks>
public sealed class Linear : ITrainable
{
    private float[] _input = [];
    private int _rows;

    /// <summary>Creates a zero-initialised layer; call <see cref="Initialize"/> or load weights.</summary>
    /// <param name="name">Parameter name prefix.</param>
    /// <param name="inputs">Input features.</param>
    /// <param name="outputs">Output features.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public Linear(string name, int inputs, int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        Inputs = inputs;
        Outputs = outputs;
        Weight = new Parameter(name + ".weight", outputs, inputs);
        Bias = new Parameter(name + ".bias", outputs) { DecayWeights = false };
        Parameters = [Weight, Bias];
    }

    /// <summary>Input features.</summary>
    public int Inputs { get; }

    /// <summary>Output features.</summary>
    public int Outputs { get; }

    /// <summary>[outputs × inputs].</summary>
    public Parameter Weight { get; }

    /// <summary>[outputs].</summary>
    public Parameter Bias { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>PyTorch's default initialisation: weight and bias uniform in ±1/√inputs.</summary>
    /// <param name="random">The seeded source.</param>
    public void Initialize(TrainingRandom random)
    {
        float bound = 1f / MathF.Sqrt(Inputs);
        WeightInit.Uniform(Weight, bound, random);
        WeightInit.Uniform(Bias, bound, random);
    }

    /// <summary>Inference: <paramref name="output"/> [rows × outputs] from <paramref name="input"/> [rows × inputs].</summary>
    /// <remarks>Allocation-free; reads weights only, so any thread may call it while no one trains the layer.</remarks>
    /// <exception cref="ArgumentException">The spans do not describe the same number of whole rows.</exception>
    public void Apply(ReadOnlySpan<float> input, Span<float> output)
    {
        int rows = CheckRows(input.Length, output.Length);
        if (rows > 0)
        {
            DenseMath.MatMulRows(Weight.Value, Bias.Value, input, rows, output);
        }
    }

    /// <summary>Training forward: like <see cref="Apply"/>, and caches the input for <see cref="Backward"/>.</summary>
    /// <exception cref="ArgumentException">The spans do not describe the same number of whole rows.</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        _rows = CheckRows(input.Length, output.Length);
        input.CopyTo(DenseMath.Ensure(ref _input, input.Length));
        Apply(input, output);
    }

    /// <summary>
    /// Accumulates the weight and bias gradients for the last <see cref="Forward"/> and writes the input gradient.
    /// </summary>
    /// <param name="gradOutput">dL/dy [rows × outputs].</param>
    /// <param name="gradInput">Receives dL/dx [rows × inputs] (overwritten); pass an empty span to skip it.</param>
    /// <exception cref="InvalidOperationException">No forward pass is cached.</exception>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        if (_rows == 0)
        {
            throw new InvalidOperationException("Backward needs a cached Forward pass.");
        }

        if (gradOutput.Length != _rows * Outputs)
        {
            throw new ArgumentException($"gradOutput must hold {_rows}×{Outputs} values, got {gradOutput.Length}.", nameof(gradOutput));
        }

        if (!gradInput.IsEmpty && gradInput.Length != _rows * Inputs)
        {
            throw new ArgumentException($"gradInput must hold {_rows}×{Inputs} values, got {gradInput.Length}.", nameof(gradInput));
        }

        DenseMath.OuterAddRows(gradOutput, _input.AsSpan(0, _rows * Inputs), _rows, Weight.Gradient);
        DenseMath.SumRowsAdd(gradOutput, _rows, Bias.Gradient);
        if (!gradInput.IsEmpty)
        {
            gradInput.Clear();
            DenseMath.MatTransposeAddRows(Weight.Value, gradOutput, _rows, gradInput);
        }
    }

    private int CheckRows(int inputLength, int outputLength)
    {
        int rows = inputLength / Inputs;
        if (inputLength % Inputs != 0 || outputLength != rows * Outputs)
        {
            throw new ArgumentException($"Linear {Weight.Name}: input of {inputLength} values and output of {outputLength} are not whole rows of {Inputs} → {Outputs}.", nameof(inputLength));
        }

        return rows;
    }
}
