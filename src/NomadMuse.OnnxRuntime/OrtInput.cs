namespace NomadMuse.OnnxRuntime;

/// <summary>A named float32 input for <see cref="OrtSession.Run(IReadOnlyList{OrtInput}, IReadOnlyList{OrtOutput})"/>: caller-owned data and its shape.</summary>
/// <remarks>The data is pinned and handed to ONNX Runtime without copying, for the duration of the run only.</remarks>
public readonly struct OrtInput
{
    /// <summary>Creates an input.</summary>
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

    /// <summary>The graph input name.</summary>
    public string Name { get; }

    /// <summary>The elements, row-major.</summary>
    public ReadOnlyMemory<float> Data { get; }

    /// <summary>The dimensions.</summary>
    public IReadOnlyList<long> Shape => ShapeArray;

    internal long[] ShapeArray { get; }
}
