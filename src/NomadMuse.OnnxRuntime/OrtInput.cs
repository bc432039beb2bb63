namespace NomadMuse.OnnxRuntime;

/// <summary>
/// A named input for <see cref="OrtSession.Run(IReadOnlyList{OrtInput}, IReadOnlyList{OrtOutput})"/>: caller-owned
/// float32 data (activations) or int64 data (token ids, indices), and its shape.
/// </summary>
/// <remarks>The data is pinned and handed to ONNX Runtime without copying, for the duration of the run only.</remarks>
public readonly struct OrtInput
{
    /// <summary>Creates a float32 input.</summary>
    /// <param name="name">The graph input name.</param>
    /// <param name="data">The elements, row-major; the product of <paramref name="shape"/> of them.</param>
    /// <param name="shape">The dimensions.</param>
    public OrtInput(string name, ReadOnlyMemory<float> data, params long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        Data = data;
        ShapeArray = shape;
    }

    /// <summary>Creates an int64 input (ONNX element type INT64), e.g. token ids for a <c>Gather</c>.</summary>
    /// <param name="name">The graph input name.</param>
    /// <param name="data">The elements, row-major; the product of <paramref name="shape"/> of them.</param>
    /// <param name="shape">The dimensions.</param>
    public OrtInput(string name, ReadOnlyMemory<long> data, params long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        Int64Data = data;
        IsInt64 = true;
        ShapeArray = shape;
    }

    /// <summary>The graph input name.</summary>
    public string Name { get; }

    /// <summary>The float32 elements, row-major (empty for an int64 input).</summary>
    public ReadOnlyMemory<float> Data { get; }

    /// <summary>The int64 elements, row-major (empty for a float32 input).</summary>
    public ReadOnlyMemory<long> Int64Data { get; }

    /// <summary>Whether this is an int64 input.</summary>
    public bool IsInt64 { get; }

    internal int Length => IsInt64 ? Int64Data.Length : Data.Length;

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<long> Shape => ShapeArray;

    internal long[] ShapeArray { get; }
}
