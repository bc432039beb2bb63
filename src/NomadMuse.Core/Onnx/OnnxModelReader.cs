using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using NomadMuse.Core.Onnx.Proto;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Onnx;

/// <summary>
/// Reads an ONNX model and imports its float initializers (weights) by name, from either encoding ONNX allows
/// (<c>raw_data</c> or <c>float_data</c>), with shape checks.
/// </summary>
/// <remarks>
/// Use it to bring weights trained elsewhere (e.g. a PyTorch export) into NomadMuse layers. Every problem — not a
/// protobuf, a missing initializer, another element type or shape, data of the wrong length, external data — is an
/// <see cref="OnnxFormatException"/> naming the initializer. Immutable once read; safe to query from any thread.
/// </remarks>
public sealed class OnnxModelReader
{
    private readonly ModelProto _model;
    private readonly Dictionary<string, TensorProto> _initializers = new(StringComparer.Ordinal);

    private OnnxModelReader(ModelProto model)
    {
        _model = model;
        foreach (var tensor in model.Graph?.Initializer ?? [])
        {
            if (string.IsNullOrEmpty(tensor.Name))
            {
                throw new OnnxFormatException("an initializer has no name");
            }

            if (!_initializers.TryAdd(tensor.Name, tensor))
            {
                throw new OnnxFormatException("the graph defines this initializer twice", tensor.Name);
            }
        }

        InitializerNames = model.Graph?.Initializer.Select(t => t.Name).ToArray() ?? [];
        InputNames = model.Graph?.Input.Select(v => v.Name).ToArray() ?? [];
        OutputNames = model.Graph?.Output.Select(v => v.Name).ToArray() ?? [];
        MetadataProps = model.MetadataProps.GroupBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
    }

    /// <summary>The model's IR version.</summary>
    public long IrVersion => _model.IrVersion;

    /// <summary>The imported version of the default (<c>ai.onnx</c>) operator set, or 0 when none is imported.</summary>
    public long OpsetVersion =>
        _model.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();

    /// <summary>The tool that wrote the model.</summary>
    public string ProducerName => _model.ProducerName;

    /// <summary>The graph name.</summary>
    public string GraphName => _model.Graph?.Name ?? string.Empty;

    /// <summary>The initializer names, in file order.</summary>
    public IReadOnlyList<string> InitializerNames { get; }

    /// <summary>The graph input names, in file order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>The graph output names, in file order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> MetadataProps { get; }

    /// <summary>The number of nodes in the main graph.</summary>
    public int NodeCount => _model.Graph?.Node.Count ?? 0;

    /// <summary>Parses a model from its bytes.</summary>
    /// <param name="bytes">A serialized ONNX <c>ModelProto</c>.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="OnnxFormatException">The bytes are not a valid ONNX model.</exception>
    public static OnnxModelReader Parse(ReadOnlySpan<byte> bytes)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new OnnxFormatException($"not a valid ONNX protobuf ({e.Message})", innerException: e);
        }

        if (model.Graph is null)
        {
            throw new OnnxFormatException("the model has no graph");
        }

        return new OnnxModelReader(model);
    }

    /// <summary>Reads a model from a stream to its end.</summary>
    /// <param name="source">A readable stream; it is not closed.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="OnnxFormatException">The content is not a valid ONNX model.</exception>
    public static OnnxModelReader Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Reads a model file.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="OnnxFormatException">The file is not a valid ONNX model.</exception>
    public static OnnxModelReader Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Parse(File.ReadAllBytes(path));
    }

    /// <summary>Whether the graph has an initializer of that name.</summary>
    /// <param name="name">The initializer name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool HasInitializer(string name) => _initializers.ContainsKey(name);

    /// <summary>The dimensions of an initializer.</summary>
    /// <param name="name">The initializer name.</param>
    /// <returns>A new array of the dimensions.</returns>
    /// <exception cref="OnnxFormatException">There is no such initializer.</exception>
    public long[] GetInitializerShape(string name) => [.. Find(name).Dims];

    /// <summary>Returns a float initializer's elements after checking its shape.</summary>
    /// <param name="name">The initializer name.</param>
    /// <param name="expectedShape">The shape the caller needs.</param>
    /// <returns>A new array, row-major.</returns>
    /// <exception cref="OnnxFormatException">Missing, not float32, another shape, or data of the wrong length.</exception>
    public float[] GetFloatInitializer(string name, ReadOnlySpan<long> expectedShape)
    {
        var tensor = Find(name);
        var values = new float[CheckShape(tensor, expectedShape)];
        CopyFloats(tensor, values);
        return values;
    }

    /// <summary>Copies a float initializer's elements into <paramref name="destination"/> after checking its shape.</summary>
    /// <param name="name">The initializer name.</param>
    /// <param name="expectedShape">The shape the caller needs.</param>
    /// <param name="destination">Exactly as many elements as the shape holds.</param>
    /// <exception cref="OnnxFormatException">Missing, not float32, another shape, or data of the wrong length.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has another length.</exception>
    public void CopyFloatInitializer(string name, ReadOnlySpan<long> expectedShape, Span<float> destination)
    {
        var tensor = Find(name);
        long count = CheckShape(tensor, expectedShape);
        if (destination.Length != count)
        {
            throw new ArgumentException($"Initializer '{name}' has {count} elements; the destination holds {destination.Length}.", nameof(destination));
        }

        CopyFloats(tensor, destination);
    }

    /// <summary>
    /// Fills each parameter from the initializer of the same name (or the name <paramref name="initializerName"/>
    /// maps it to), checking that the shapes are identical.
    /// </summary>
    /// <param name="parameters">The parameters to fill.</param>
    /// <param name="initializerName">Maps a parameter name to an initializer name; identity by default.</param>
    /// <exception cref="OnnxFormatException">An initializer is missing or does not match.</exception>
    public void CopyToParameters(IEnumerable<Parameter> parameters, Func<string, string>? initializerName = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var parameter in parameters)
        {
            string name = initializerName?.Invoke(parameter.Name) ?? parameter.Name;
            long[] shape = parameter.Shape.Select(d => (long)d).ToArray();
            CopyFloatInitializer(name, shape, parameter.Value);
        }
    }

    private TensorProto Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_initializers.TryGetValue(name, out var tensor))
        {
            return tensor;
        }

        string known = InitializerNames.Count == 0 ? "none" : string.Join(", ", InitializerNames.Take(20)) + (InitializerNames.Count > 20 ? ", …" : string.Empty);
        throw new OnnxFormatException($"not found (the graph has {InitializerNames.Count} initializers: {known})", name);
    }

    private static long CheckShape(TensorProto tensor, ReadOnlySpan<long> expected)
    {
        string actualText = "[" + string.Join(", ", tensor.Dims) + "]";
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
        {
            string type = Enum.IsDefined(typeof(TensorProto.Types.DataType), tensor.DataType)
                ? ((TensorProto.Types.DataType)tensor.DataType).ToString().ToUpperInvariant()
                : tensor.DataType.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw new OnnxFormatException($"element type is {type}, expected FLOAT", tensor.Name);
        }

        if (!expected.SequenceEqual(tensor.Dims.ToArray()))
        {
            throw new OnnxFormatException($"shape mismatch: expected [{string.Join(", ", expected.ToArray())}], the model has {actualText}", tensor.Name);
        }

        long count = 1;
        foreach (long d in tensor.Dims)
        {
            if (d < 0)
            {
                throw new OnnxFormatException($"negative dimension in {actualText}", tensor.Name);
            }

            count *= d;
            if (count > Array.MaxLength)
            {
                throw new OnnxFormatException($"shape {actualText} has more elements than an array can hold", tensor.Name);
            }
        }

        return count;
    }

    private static void CopyFloats(TensorProto tensor, Span<float> destination)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            throw new OnnxFormatException("the data is stored in an external file, which this reader does not follow", tensor.Name);
        }

        if (tensor.HasRawData && tensor.RawData.Length > 0)
        {
            var raw = tensor.RawData.Span;
            if (raw.Length != destination.Length * sizeof(float))
            {
                throw new OnnxFormatException($"raw_data holds {raw.Length} bytes, the shape needs {destination.Length * (long)sizeof(float)}", tensor.Name);
            }

            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.Cast<byte, float>(raw).CopyTo(destination);
            }
            else
            {
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
                }
            }

            return;
        }

        if (tensor.FloatData.Count != destination.Length)
        {
            throw new OnnxFormatException($"float_data holds {tensor.FloatData.Count} values, the shape needs {destination.Length}", tensor.Name);
        }

        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = tensor.FloatData[i];
        }
    }
}
