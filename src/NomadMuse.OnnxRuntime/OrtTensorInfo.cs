namespace NomadMuse.OnnxRuntime;

/// <summary>The name, element type and shape of a session input or output, as ONNX Runtime reports them.</summary>
public sealed class OrtTensorInfo
{
    internal OrtTensorInfo(string name, int elementType, long[] shape)
    {
        Name = name;
        ElementType = elementType;
        Shape = shape;
    }

    /// <summary>The value name in the graph.</summary>
    public string Name { get; }

    /// <summary>The ONNX element type code (<c>TensorProto.DataType</c>: 1 = float, 7 = int64…), or 0 for a non-tensor value.</summary>
    public int ElementType { get; }

    /// <summary>Whether the elements are float32, the only type <see cref="OrtSession.Run(IReadOnlyList{OrtInput}, IReadOnlyList{OrtOutput})"/> binds.</summary>
    public bool IsFloat32 => ElementType == 1;

    /// <summary>The dimensions; -1 marks a dynamic one.</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}
