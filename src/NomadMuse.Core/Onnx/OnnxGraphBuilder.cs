using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using NomadMuse.Core.Onnx.Proto;

namespace NomadMuse.Core.Onnx;

/// <summary>
/// Builds an ONNX graph: float inputs and outputs with shapes, initializers (weights) from spans, and nodes with
/// attributes, in topological order. Hand it to <see cref="OnnxModelWriter"/> to save a model.
/// </summary>
/// <remarks>
/// Names are checked as the graph grows: every value name is defined once, and a node may only consume values
/// defined before it (graph inputs, initializers, earlier nodes' outputs). Initializers are stored little-endian in
/// <c>raw_data</c>. Not thread-safe.
/// </remarks>
/// <example>
/// <code>
/// var graph = new OnnxGraphBuilder("linear");
/// graph.AddInput("x", 1, 4);
/// graph.AddInitializer("w", weights, [4, 3]);
/// graph.AddNode("MatMul", ["x", "w"], ["y"]);
/// graph.AddOutput("y", 1, 3);
/// new OnnxModelWriter(graph).Save("linear.onnx");
/// </code>
/// </example>
public sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph;
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    private int _nodeCounter;

    /// <summary>Creates an empty graph.</summary>
    /// <param name="name">The graph name.</param>
    public OnnxGraphBuilder(string name = "main")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _graph = new GraphProto { Name = name };
    }

    /// <summary>The graph name.</summary>
    public string Name => _graph.Name;

    /// <summary>The number of nodes so far.</summary>
    public int NodeCount => _graph.Node.Count;

    /// <summary>Adds a float32 graph input.</summary>
    /// <param name="name">A new value name.</param>
    /// <param name="shape">The dimensions; a negative one is dynamic (stored as the symbol <c>{name}_dim{i}</c>).</param>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder AddInput(string name, params long[] shape)
    {
        Define(name, nameof(name));
        _graph.Input.Add(ValueInfo(name, shape, TensorProto.Types.DataType.Float));
        return this;
    }

    /// <summary>Adds an int64 graph input, e.g. token ids feeding a <c>Gather</c> embedding lookup.</summary>
    /// <param name="name">A new value name.</param>
    /// <param name="shape">The dimensions; a negative one is dynamic.</param>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder AddInt64Input(string name, params long[] shape)
    {
        Define(name, nameof(name));
        _graph.Input.Add(ValueInfo(name, shape, TensorProto.Types.DataType.Int64));
        return this;
    }

    /// <summary>Adds a float32 graph output; it must be produced by a node (or be an input) by the time the model is written.</summary>
    /// <param name="name">The value name.</param>
    /// <param name="shape">The dimensions; a negative one is dynamic.</param>
    /// <returns>This builder.</returns>
    public OnnxGraphBuilder AddOutput(string name, params long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_graph.Output.Any(o => o.Name == name))
        {
            throw new ArgumentException($"'{name}' is already a graph output.", nameof(name));
        }

        _graph.Output.Add(ValueInfo(name, shape, TensorProto.Types.DataType.Float));
        return this;
    }

    /// <summary>Adds a float32 initializer (a constant such as a weight matrix), copying <paramref name="values"/>.</summary>
    /// <param name="name">A new value name.</param>
    /// <param name="values">The elements, row-major.</param>
    /// <param name="shape">Non-negative dimensions whose product is <c>values.Length</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is taken or the shape does not match the element count.</exception>
    public OnnxGraphBuilder AddInitializer(string name, ReadOnlySpan<float> values, ReadOnlySpan<long> shape)
    {
        var tensor = NewTensor(name, shape, values.Length, TensorProto.Types.DataType.Float);
        byte[] raw = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(raw);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), values[i]);
            }
        }

        tensor.RawData = ByteString.CopyFrom(raw);
        Define(name, nameof(name));
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>Adds an int64 initializer (shapes, axes, split sizes, slice bounds).</summary>
    /// <param name="name">A new value name.</param>
    /// <param name="values">The elements, row-major.</param>
    /// <param name="shape">Non-negative dimensions whose product is <c>values.Length</c>.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The name is taken or the shape does not match the element count.</exception>
    public OnnxGraphBuilder AddInt64Initializer(string name, ReadOnlySpan<long> values, ReadOnlySpan<long> shape)
    {
        var tensor = NewTensor(name, shape, values.Length, TensorProto.Types.DataType.Int64);
        foreach (long v in values)
        {
            tensor.Int64Data.Add(v);
        }

        Define(name, nameof(name));
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>Adds a node. Its inputs must already be defined; an empty input name stands for an omitted optional input.</summary>
    /// <param name="opType">The operator, e.g. <c>Gemm</c>, <c>Sigmoid</c>, <c>GRU</c>.</param>
    /// <param name="inputs">The consumed value names, in operator order.</param>
    /// <param name="outputs">New value names for the results; an empty name omits an optional output.</param>
    /// <param name="name">The node name; by default <c>{opType}_{n}</c>.</param>
    /// <returns>A builder for the node's attributes.</returns>
    /// <exception cref="ArgumentException">An input is undefined or an output name is taken.</exception>
    public OnnxNodeBuilder AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        string nodeName = name ?? $"{opType}_{_nodeCounter}";
        _nodeCounter++;
        foreach (string input in inputs)
        {
            if (input.Length > 0 && !_defined.Contains(input))
            {
                throw new ArgumentException($"Node '{nodeName}' ({opType}) consumes '{input}', which is not a graph input, an initializer or an earlier node's output.", nameof(inputs));
            }
        }

        if (outputs.Count == 0 || outputs.All(o => o.Length == 0))
        {
            throw new ArgumentException($"Node '{nodeName}' ({opType}) must produce at least one output.", nameof(outputs));
        }

        foreach (string output in outputs.Where(o => o.Length > 0))
        {
            Define(output, nameof(outputs));
        }

        var node = new NodeProto { OpType = opType, Name = nodeName };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        _graph.Node.Add(node);
        return new OnnxNodeBuilder(node);
    }

    /// <summary>Returns a checked copy of the graph for serialization.</summary>
    /// <exception cref="InvalidOperationException">The graph has no output, or an output is never produced.</exception>
    internal GraphProto Build()
    {
        if (_graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{Name}' has no outputs.");
        }

        foreach (var output in _graph.Output)
        {
            if (!_defined.Contains(output.Name))
            {
                throw new InvalidOperationException($"Graph '{Name}': output '{output.Name}' is not produced by any node.");
            }
        }

        return _graph.Clone();
    }

    private void Define(string name, string paramName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, paramName);
        if (!_defined.Add(name))
        {
            throw new ArgumentException($"Graph '{Name}' already defines a value named '{name}'.", paramName);
        }
    }

    private static TensorProto NewTensor(string name, ReadOnlySpan<long> shape, int count, TensorProto.Types.DataType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        long product = 1;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Initializer '{name}' has a negative dimension; initializers have fixed shapes.", nameof(shape));
            }

            product *= d;
        }

        if (product != count)
        {
            throw new ArgumentException($"Initializer '{name}' of shape [{string.Join(", ", shape.ToArray())}] needs {product} values, got {count}.", nameof(shape));
        }

        var tensor = new TensorProto { Name = name, DataType = (int)type };
        foreach (long d in shape)
        {
            tensor.Dims.Add(d);
        }

        return tensor;
    }

    private static ValueInfoProto ValueInfo(string name, long[] shape, TensorProto.Types.DataType type)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var tensorShape = new TensorShapeProto();
        for (int i = 0; i < shape.Length; i++)
        {
            tensorShape.Dim.Add(shape[i] >= 0
                ? new TensorShapeProto.Types.Dimension { DimValue = shape[i] }
                : new TensorShapeProto.Types.Dimension { DimParam = $"{name}_dim{i}" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape },
            },
        };
    }
}
