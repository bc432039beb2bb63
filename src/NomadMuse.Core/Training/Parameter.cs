namespace NomadMuse.Core.Training;

/// <summary>
/// A named, trainable tensor: its values, the gradient accumulated by the last backward passes, and its shape.
/// </summary>
/// <remarks>
/// Layers own their parameters and expose them so that an optimizer can update every layer the same way and a
/// model file can store them by name. Storage is a flat row-major <see cref="float"/> array; <see cref="Shape"/>
/// says how to read it (for a <c>Linear</c> layer, <c>[outputs, inputs]</c>). Not thread-safe: one trainer owns it.
/// </remarks>
public sealed class Parameter
{
    /// <summary>Creates a zero-initialised parameter.</summary>
    /// <param name="name">A stable name, unique within a model (e.g. <c>gru1.w_ih</c>); model files key tensors by it.</param>
    /// <param name="shape">The dimensions; their product is the element count.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or a dimension is not positive.</exception>
    public Parameter(string name, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int d in shape)
        {
            if (d <= 0)
            {
                throw new ArgumentException($"Parameter '{name}': every dimension must be positive, got [{string.Join(", ", shape)}].", nameof(shape));
            }

            count *= d;
        }

        if (count > Array.MaxLength)
        {
            throw new ArgumentException($"Parameter '{name}' has {count} elements, more than an array can hold.", nameof(shape));
        }

        Name = name;
        Shape = (int[])shape.Clone();
        Value = new float[count];
        Gradient = new float[count];
    }

    /// <summary>The parameter's stable name.</summary>
    public string Name { get; }

    /// <summary>The dimensions (a copy is not made on read: do not modify).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The values, row-major.</summary>
    public float[] Value { get; }

    /// <summary>The accumulated gradient of the loss with respect to <see cref="Value"/>.</summary>
    public float[] Gradient { get; }

    /// <summary>The element count.</summary>
    public int Length => Value.Length;

    /// <summary>When <see langword="true"/>, optimizers skip this parameter (e.g. a frozen backbone under an adapter).</summary>
    public bool Frozen { get; set; }

    /// <summary>Whether optimizers apply weight decay to it (AdamW). Biases and norms usually opt out.</summary>
    public bool DecayWeights { get; set; } = true;

    /// <summary>Sets <see cref="Gradient"/> to zero.</summary>
    public void ZeroGradient() => Array.Clear(Gradient);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join("×", Shape)}]";
}
