using NomadMuse.Core.Training;

namespace NomadMuse.Core.Neural;

/// <summary>A token embedding table, the same as PyTorch <c>nn.Embedding</c> and ONNX <c>Gather(axis=0)</c>.</summary>
/// <remarks>
/// <para>Parameter: <c>{name}.weight</c> [vocabulary × dimension] row-major; row <c>t</c> is token <c>t</c>'s vector.</para>
/// <para>An optional padding index gets no gradient (as PyTorch's <c>padding_idx</c>), so PAD rows stay where they
/// were initialised. Not thread-safe for training; <see cref="Lookup"/> and <see cref="Apply"/> only read.</para>
/// </remarks>
public sealed class Embedding : ITrainable
{
    private int[] _tokens = [];
    private int _count;

    /// <summary>Creates a zero-initialised table.</summary>
    /// <param name="name">Parameter name prefix.</param>
    /// <param name="vocabulary">Number of tokens.</param>
    /// <param name="dimension">Vector size.</param>
    /// <param name="paddingIndex">A token whose row gets no gradient, or -1 for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the padding index is out of range.</exception>
    public Embedding(string name, int vocabulary, int dimension, int paddingIndex = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (paddingIndex < -1 || paddingIndex >= vocabulary)
        {
            throw new ArgumentOutOfRangeException(nameof(paddingIndex), paddingIndex, $"Must be -1 or a token below {vocabulary}.");
        }

        Vocabulary = vocabulary;
        Dimension = dimension;
        PaddingIndex = paddingIndex;
        Weight = new Parameter(name + ".weight", vocabulary, dimension);
        Parameters = [Weight];
    }

    /// <summary>Number of tokens.</summary>
    public int Vocabulary { get; }

    /// <summary>Vector size.</summary>
    public int Dimension { get; }

    /// <summary>The token that gets no gradient, or -1.</summary>
    public int PaddingIndex { get; }

    /// <summary>[vocabulary × dimension].</summary>
    public Parameter Weight { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>PyTorch's default: normal(0, 1), padding row zero.</summary>
    /// <param name="random">The seeded source.</param>
    public void Initialize(TrainingRandom random)
    {
        WeightInit.Normal(Weight, 1f, random);
        if (PaddingIndex >= 0)
        {
            Weight.Value.AsSpan(PaddingIndex * Dimension, Dimension).Clear();
        }
    }

    /// <summary>Inference: copies token <paramref name="token"/>'s vector into <paramref name="output"/> [dimension].</summary>
    /// <remarks>Allocation-free; any thread may call it while no one trains the table.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The token is outside the vocabulary.</exception>
    /// <exception cref="ArgumentException">The output is not <see cref="Dimension"/> long.</exception>
    public void Lookup(int token, Span<float> output)
    {
        if ((uint)token >= (uint)Vocabulary)
        {
            ThrowToken(token);
        }

        if (output.Length != Dimension)
        {
            throw new ArgumentException($"output must hold {Dimension} values, got {output.Length}.", nameof(output));
        }

        Weight.Value.AsSpan(token * Dimension, Dimension).CopyTo(output);
    }

    /// <summary>Inference over many tokens: <paramref name="output"/> [tokens × dimension].</summary>
    /// <remarks>Allocation-free.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside the vocabulary.</exception>
    /// <exception cref="ArgumentException">The output has the wrong length.</exception>
    public void Apply(ReadOnlySpan<int> tokens, Span<float> output)
    {
        if (output.Length != tokens.Length * Dimension)
        {
            throw new ArgumentException($"output must hold {tokens.Length}×{Dimension} values, got {output.Length}.", nameof(output));
        }

        for (int i = 0; i < tokens.Length; i++)
        {
            Lookup(tokens[i], output.Slice(i * Dimension, Dimension));
        }
    }

    /// <summary>Training forward: like <see cref="Apply"/>, caching the tokens for <see cref="Backward"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside the vocabulary.</exception>
    /// <exception cref="ArgumentException">The output has the wrong length.</exception>
    public void Forward(ReadOnlySpan<int> tokens, Span<float> output)
    {
        Apply(tokens, output);
        if (_tokens.Length < tokens.Length)
        {
            _tokens = new int[tokens.Length];
        }

        tokens.CopyTo(_tokens);
        _count = tokens.Length;
    }

    /// <summary>Scatter-adds <paramref name="gradOutput"/> [tokens × dimension] into the rows of the cached tokens.</summary>
    /// <exception cref="ArgumentException">The gradient has the wrong length.</exception>
    public void Backward(ReadOnlySpan<float> gradOutput)
    {
        if (gradOutput.Length != _count * Dimension)
        {
            throw new ArgumentException($"gradOutput must hold {_count}×{Dimension} values, got {gradOutput.Length}.", nameof(gradOutput));
        }

        Span<float> g = Weight.Gradient;
        for (int i = 0; i < _count; i++)
        {
            int t = _tokens[i];
            if (t != PaddingIndex)
            {
                DenseMath.AddInPlace(g.Slice(t * Dimension, Dimension), gradOutput.Slice(i * Dimension, Dimension));
            }
        }
    }

    private void ThrowToken(int token) =>
        throw new ArgumentOutOfRangeException(nameof(token), token, $"Token must be in [0, {Vocabulary}).");
}
