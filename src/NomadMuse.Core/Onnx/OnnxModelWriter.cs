using System.Reflection;
using Google.Protobuf;
using NomadMuse.Core.Onnx.Proto;

namespace NomadMuse.Core.Onnx;

/// <summary>
/// Serializes an <see cref="OnnxGraphBuilder"/> graph as an ONNX model (IR version 8, default-domain opset 17 unless
/// changed), to a stream, a byte array or a file.
/// </summary>
/// <remarks>Not thread-safe. The graph is snapshotted at each write; later changes to the builder do not affect earlier output.</remarks>
public sealed class OnnxModelWriter
{
    /// <summary>The ONNX IR version written (8: ONNX 1.10 and later, ONNX Runtime 1.10 and later).</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain operator-set version written unless <see cref="OpsetVersion"/> is changed.</summary>
    public const long DefaultOpsetVersion = 17;

    private readonly OnnxGraphBuilder _graph;

    /// <summary>Creates a writer for a graph.</summary>
    /// <param name="graph">The graph to write.</param>
    public OnnxModelWriter(OnnxGraphBuilder graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        _graph = graph;
    }

    /// <summary>The producer name stored in the model.</summary>
    /// <value>The default is <c>NomadMuse</c>.</value>
    public string ProducerName { get; set; } = "NomadMuse";

    /// <summary>The producer version stored in the model.</summary>
    /// <value>The default is the NomadMuse.Core assembly version.</value>
    public string ProducerVersion { get; set; } =
        typeof(OnnxModelWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    /// <summary>The default-domain operator-set version.</summary>
    /// <value>The default is <see cref="DefaultOpsetVersion"/> (17).</value>
    public long OpsetVersion { get; set; } = DefaultOpsetVersion;

    /// <summary>A human-readable description stored in the model, or <see langword="null"/>.</summary>
    public string? DocString { get; set; }

    /// <summary>Key-value metadata stored in the model's <c>metadata_props</c> (ONNX Runtime exposes it as custom metadata).</summary>
    public IDictionary<string, string> MetadataProps { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Writes the model to a stream.</summary>
    /// <param name="destination">A writable stream; it is not closed.</param>
    /// <exception cref="InvalidOperationException">The graph is incomplete (no outputs, or an output nobody produces).</exception>
    public void Write(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        BuildModel().WriteTo(destination);
    }

    /// <summary>Returns the model's bytes (e.g. for an in-memory ONNX Runtime session).</summary>
    /// <returns>The serialized model.</returns>
    public byte[] ToArray() => BuildModel().ToByteArray();

    /// <summary>Saves the model atomically: writes a temporary file beside <paramref name="path"/>, then moves it over.</summary>
    /// <param name="path">The destination path; its directory must exist.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToArray();
        string full = Path.GetFullPath(path);
        string temp = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    internal ModelProto BuildModel()
    {
        if (OpsetVersion < 1)
        {
            throw new InvalidOperationException($"Opset version {OpsetVersion} is not valid.");
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName ?? string.Empty,
            ProducerVersion = ProducerVersion ?? string.Empty,
            Graph = _graph.Build(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OpsetVersion });
        if (DocString is not null)
        {
            model.DocString = DocString;
        }

        foreach (var pair in MetadataProps)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = pair.Key, Value = pair.Value });
        }

        return model;
    }
}
