using Google.Protobuf;
using NomadMuse.Core.Onnx.Proto;

namespace NomadMuse.Core.Onnx;

/// <summary>Adds attributes to a node created by <see cref="OnnxGraphBuilder.AddNode"/>. Every method returns the builder.</summary>
/// <remarks>Attribute names must be unique per node. Not thread-safe.</remarks>
public sealed class OnnxNodeBuilder
{
    private readonly NodeProto _node;

    internal OnnxNodeBuilder(NodeProto node) => _node = node;

    /// <summary>The node's operator type, e.g. <c>MatMul</c>.</summary>
    public string OpType => _node.OpType;

    /// <summary>Adds a float attribute (ONNX type FLOAT).</summary>
    /// <param name="name">The attribute name, e.g. <c>alpha</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public OnnxNodeBuilder WithFloat(string name, float value) =>
        Add(name, new AttributeProto { Type = AttributeProto.Types.AttributeType.Float, F = value });

    /// <summary>Adds an integer attribute (ONNX type INT).</summary>
    /// <param name="name">The attribute name, e.g. <c>axis</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public OnnxNodeBuilder WithInt(string name, long value) =>
        Add(name, new AttributeProto { Type = AttributeProto.Types.AttributeType.Int, I = value });

    /// <summary>Adds a string attribute (ONNX type STRING, stored as UTF-8).</summary>
    /// <param name="name">The attribute name, e.g. <c>direction</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public OnnxNodeBuilder WithString(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, new AttributeProto { Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) });
    }

    /// <summary>Adds a list-of-floats attribute (ONNX type FLOATS).</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="values">The values.</param>
    /// <returns>This builder.</returns>
    public OnnxNodeBuilder WithFloats(string name, ReadOnlySpan<float> values)
    {
        var attribute = new AttributeProto { Type = AttributeProto.Types.AttributeType.Floats };
        foreach (float v in values)
        {
            attribute.Floats.Add(v);
        }

        return Add(name, attribute);
    }

    /// <summary>Adds a list-of-integers attribute (ONNX type INTS).</summary>
    /// <param name="name">The attribute name, e.g. <c>perm</c>.</param>
    /// <param name="values">The values.</param>
    /// <returns>This builder.</returns>
    public OnnxNodeBuilder WithInts(string name, ReadOnlySpan<long> values)
    {
        var attribute = new AttributeProto { Type = AttributeProto.Types.AttributeType.Ints };
        foreach (long v in values)
        {
            attribute.Ints.Add(v);
        }

        return Add(name, attribute);
    }

    /// <summary>Adds a list-of-strings attribute (ONNX type STRINGS, stored as UTF-8).</summary>
    /// <param name="name">The attribute name, e.g. <c>activations</c>.</param>
    /// <param name="values">The values.</param>
    /// <returns>This builder.</returns>
    public OnnxNodeBuilder WithStrings(string name, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var attribute = new AttributeProto { Type = AttributeProto.Types.AttributeType.Strings };
        foreach (string v in values)
        {
            attribute.Strings.Add(ByteString.CopyFromUtf8(v));
        }

        return Add(name, attribute);
    }

    /// <summary>Sets the operator-set domain (empty, the default, is the standard ONNX domain).</summary>
    /// <param name="domain">The domain, e.g. <c>com.microsoft</c>.</param>
    /// <returns>This builder.</returns>
    public OnnxNodeBuilder InDomain(string domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        _node.Domain = domain;
        return this;
    }

    private OnnxNodeBuilder Add(string name, AttributeProto attribute)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_node.Attribute.Any(a => a.Name == name))
        {
            throw new ArgumentException($"Node '{_node.Name}' ({_node.OpType}) already has an attribute '{name}'.", nameof(name));
        }

        attribute.Name = name;
        _node.Attribute.Add(attribute);
        return this;
    }
}
