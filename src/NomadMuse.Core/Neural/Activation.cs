using System.Numerics.Tensors;

namespace NomadMuse.Core.Neural;

/// <summary>An element-wise nonlinearity (ReLU, tanh or sigmoid) with a training path.</summary>
/// <remarks>
/// The derivative of each is computed from the cached <em>output</em> (ReLU: y &gt; 0; tanh: 1 − y²;
/// sigmoid: y(1 − y)), so only the output is kept. <see cref="Apply"/> is allocation-free and stateless.
/// </remarks>
public sealed class Activation
{
    private float[] _output = [];
    private int _count = -1;

    /// <summary>Creates the layer.</summary>
    /// <param name="kind">Which function.</param>
    /// <exception cref="ArgumentOutOfRangeException">Unknown kind.</exception>
    public Activation(ActivationKind kind)
    {
        if (kind is not (ActivationKind.Relu or ActivationKind.Tanh or ActivationKind.Sigmoid))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");
        }

        Kind = kind;
    }

    /// <summary>Which function.</summary>
    public ActivationKind Kind { get; }

    /// <summary>Inference; <paramref name="output"/> may be <paramref name="input"/>.</summary>
    /// <remarks>Allocation-free; thread-safe (no state).</remarks>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void Apply(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != output.Length)
        {
            throw new ArgumentException("Input and output lengths differ.", nameof(output));
        }

        switch (Kind)
        {
            case ActivationKind.Relu:
                TensorPrimitives.Max(input, 0f, output);
                break;
            case ActivationKind.Tanh:
                TensorPrimitives.Tanh(input, output);
                break;
            default:
                TensorPrimitives.Sigmoid(input, output);
                break;
        }
    }

    /// <summary>Training forward: like <see cref="Apply"/>, caching the output.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        Apply(input, output);
        output.CopyTo(DenseMath.Ensure(ref _output, output.Length));
        _count = output.Length;
    }

    /// <summary>Writes dL/dx from dL/dy for the last <see cref="Forward"/>; the spans may be the same.</summary>
    /// <exception cref="ArgumentException">A length differs from the cached forward pass.</exception>
    public void Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        if (gradOutput.Length != _count || gradInput.Length != _count)
        {
            throw new ArgumentException($"Gradients must hold {_count} values (the last Forward).", nameof(gradOutput));
        }

        ReadOnlySpan<float> y = _output.AsSpan(0, _count);
        for (int i = 0; i < y.Length; i++)
        {
            float d = Kind switch
            {
                ActivationKind.Relu => y[i] > 0f ? 1f : 0f,
                ActivationKind.Tanh => 1f - y[i] * y[i],
                _ => y[i] * (1f - y[i]),
            };
            gradInput[i] = gradOutput[i] * d;
        }
    }
}
