using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural;

/// <summary>
/// Inverted dropout for training: each element is zeroed with probability <see cref="Rate"/> and the survivors are
/// scaled by 1/(1 − rate), so inference (<see cref="Apply"/>) is the identity, as in PyTorch <c>nn.Dropout</c>.
/// </summary>
/// <remarks>Masks come from the given <see cref="TrainingRandom"/>, so a seeded run is reproducible and a checkpoint
/// that saves that source resumes the same masks. Training is single-threaded.</remarks>
public sealed class Dropout
{
    private readonly TrainingRandom _random;
    private float[] _mask = [];
    private int _count = -1;

    /// <summary>Creates the layer.</summary>
    /// <param name="rate">Drop probability in [0, 1).</param>
    /// <param name="random">The seeded source of masks (typically the trainer's).</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is outside [0, 1).</exception>
    public Dropout(float rate, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(rate >= 0f && rate < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Must be in [0, 1).");
        }

        Rate = rate;
        _random = random;
    }

    /// <summary>Drop probability.</summary>
    public float Rate { get; }

    /// <summary>Inference: copies <paramref name="input"/> to <paramref name="output"/> (identity).</summary>
    /// <remarks>Allocation-free; thread-safe.</remarks>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Instance method mirrors the other layers' Apply so models call every layer the same way.")]
    public void Apply(ReadOnlySpan<float> input, Span<float> output) => input.CopyTo(output);

    /// <summary>Training forward: draws a new mask and applies it; <paramref name="output"/> may be <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length != output.Length)
        {
            throw new ArgumentException("Input and output lengths differ.", nameof(output));
        }

        DenseMath.Ensure(ref _mask, input.Length);
        float keep = 1f / (1f - Rate);
        for (int i = 0; i < input.Length; i++)
        {
            float m = _random.NextSingle() < Rate ? 0f : keep;
            _mask[i] = m;
            output[i] = input[i] * m;
        }

        _count = input.Length;
    }

    /// <summary>dL/dx = mask ⊙ dL/dy for the last <see cref="Forward"/>; the spans may be the same.</summary>
    /// <exception cref="ArgumentException">A length differs from the cached forward pass.</exception>
    public void Backward(ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        if (gradOutput.Length != _count || gradInput.Length != _count)
        {
            throw new ArgumentException($"Gradients must hold {_count} values (the last Forward).", nameof(gradOutput));
        }

        for (int i = 0; i < _count; i++)
        {
            gradInput[i] = gradOutput[i] * _mask[i];
        }
    }
}
