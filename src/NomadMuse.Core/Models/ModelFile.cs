using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Models;

/// <summary>
/// A NomadMuse model file: a versioned binary container of <see cref="ModelMetadata"/> (UTF-8 JSON) and named
/// tensors (fp32, or INT8 with per-row scales), sealed with a SHA-256 checksum. See <c>docs/model-format.md</c>.
/// </summary>
/// <remarks>
/// <para>Reading works on any readable stream, including non-seekable ones such as embedded resources and network
/// streams; every failure (wrong magic, unsupported version, truncation, bad checksum, duplicate names, shape or
/// length mismatches) is a <see cref="ModelFormatException"/> naming the byte offset and tensor.</para>
/// <para>An instance is not thread-safe while tensors are being added; once built it may be read from any thread.
/// Loading allocates the tensors once; nothing here is meant for a real-time thread.</para>
/// </remarks>
/// <example>
/// <code>
/// var file = new ModelFile(new ModelMetadata("gru-lm") { TrainingDataHash = "sha256:…" });
/// file.AddParameters(model.Parameters);
/// file.Save("model.nmm");
/// var loaded = ModelFile.Load("model.nmm");
/// loaded.CopyToParameters(otherModel.Parameters);
/// </code>
/// </example>
public sealed class ModelFile
{
    /// <summary>The format version this library writes.</summary>
    public const ushort CurrentVersion = 1;

    /// <summary>The largest metadata JSON, in bytes, the reader accepts.</summary>
    public const int MaxMetadataBytes = 16 * 1024 * 1024;

    /// <summary>The largest tensor count the reader accepts.</summary>
    public const int MaxTensorCount = 65536;

    /// <summary>The length of the trailing SHA-256 checksum.</summary>
    public const int ChecksumLength = 32;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<ModelTensor> _tensors = [];
    private readonly Dictionary<string, ModelTensor> _byName = new(StringComparer.Ordinal);

    /// <summary>Creates an empty model file.</summary>
    /// <param name="metadata">The architecture and training metadata.</param>
    public ModelFile(ModelMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Metadata = metadata;
    }

    /// <summary>The 8 bytes every model file starts with: <c>NMMODEL</c> and 0x1A (stops <c>type</c> on DOS-like consoles).</summary>
    public static ReadOnlySpan<byte> Magic => "NMMODEL\x1A"u8;

    /// <summary>The architecture and training metadata.</summary>
    public ModelMetadata Metadata { get; }

    /// <summary>The tensors, in file order.</summary>
    public IReadOnlyList<ModelTensor> Tensors => _tensors;

    /// <summary>Adds a tensor.</summary>
    /// <param name="tensor">A tensor whose name is not in the file yet.</param>
    /// <exception cref="ArgumentException">A tensor of that name is already present.</exception>
    public void Add(ModelTensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (_tensors.Count >= MaxTensorCount)
        {
            throw new InvalidOperationException($"A model file holds at most {MaxTensorCount} tensors.");
        }

        if (!_byName.TryAdd(tensor.Name, tensor))
        {
            throw new ArgumentException($"The model file already has a tensor named '{tensor.Name}'.", nameof(tensor));
        }

        _tensors.Add(tensor);
    }

    /// <summary>Finds a tensor by name.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="tensor">The tensor, when found.</param>
    /// <returns>Whether the file has a tensor of that name.</returns>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ModelTensor? tensor) =>
        _byName.TryGetValue(name, out tensor);

    /// <summary>Gets a tensor by name.</summary>
    /// <param name="name">The tensor name.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ModelFormatException">There is no such tensor.</exception>
    public ModelTensor GetTensor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out var tensor))
        {
            return tensor;
        }

        string known = _tensors.Count == 0 ? "none" : string.Join(", ", _tensors.Select(t => t.Name).Take(20));
        throw new ModelFormatException($"no tensor named '{name}' (the file has {_tensors.Count}: {known}{(_tensors.Count > 20 ? ", …" : string.Empty)})", tensorName: name);
    }

    /// <summary>Gets a tensor by name and checks its shape.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="expectedShape">The shape the caller needs.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ModelFormatException">There is no such tensor, or its shape differs.</exception>
    public ModelTensor GetTensor(string name, ReadOnlySpan<int> expectedShape)
    {
        var tensor = GetTensor(name);
        if (!tensor.HasShape(expectedShape))
        {
            throw new ModelFormatException($"shape mismatch: expected {ModelTensor.FormatShape(expectedShape)}, the file has {tensor.ShapeText}", tensorName: name);
        }

        return tensor;
    }

    /// <summary>Adds every parameter as an fp32 tensor named <see cref="Parameter.Name"/> with its shape.</summary>
    /// <param name="parameters">The parameters, e.g. <c>ITrainable.Parameters</c>.</param>
    /// <exception cref="ArgumentException">Two parameters share a name, or a name is already in the file.</exception>
    public void AddParameters(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var parameter in parameters)
        {
            Add(ModelTensor.FromFloat32(parameter.Name, parameter.Shape.ToArray(), parameter.Value));
        }
    }

    /// <summary>
    /// Copies the tensor of each parameter's name into <see cref="Parameter.Value"/> (dequantizing INT8), after
    /// checking its shape. Tensors without a matching parameter are left alone.
    /// </summary>
    /// <param name="parameters">The parameters to fill.</param>
    /// <exception cref="ModelFormatException">A parameter has no tensor, or a tensor of another shape.</exception>
    public void CopyToParameters(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        foreach (var parameter in parameters)
        {
            GetTensor(parameter.Name, parameter.Shape.ToArray()).CopyTo(parameter.Value);
        }
    }

    /// <summary>Writes the file to a stream.</summary>
    /// <param name="destination">A writable stream; it is not closed.</param>
    /// <exception cref="InvalidOperationException">The metadata cannot be serialized (e.g. a NaN metric).</exception>
    public void Write(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        byte[] metadata = Metadata.ToUtf8Json();
        if (metadata.Length > MaxMetadataBytes)
        {
            throw new InvalidOperationException($"The metadata JSON is {metadata.Length} bytes; at most {MaxMetadataBytes} are allowed.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Not wrapped in a BufferedStream: disposing one would close the caller's stream. Callers pass buffered
        // streams (FileStream, MemoryStream) anyway, and the large writes are whole tensors.
        var output = destination;
        void Put(ReadOnlySpan<byte> bytes)
        {
            hash.AppendData(bytes);
            output.Write(bytes);
        }

        Span<byte> scratch = stackalloc byte[8];
        Put(Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(scratch, CurrentVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(scratch[2..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(scratch[4..], (uint)metadata.Length);
        Put(scratch);
        Put(metadata);
        BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)_tensors.Count);
        Put(scratch[..4]);
        foreach (var tensor in _tensors)
        {
            byte[] name = Encoding.UTF8.GetBytes(tensor.Name);
            BinaryPrimitives.WriteUInt16LittleEndian(scratch, (ushort)name.Length);
            Put(scratch[..2]);
            Put(name);
            scratch[0] = (byte)tensor.Type;
            scratch[1] = (byte)tensor.Rank;
            Put(scratch[..2]);
            foreach (int d in tensor.Shape)
            {
                BinaryPrimitives.WriteInt32LittleEndian(scratch, d);
                Put(scratch[..4]);
            }

            if (tensor.Type == ModelTensorType.Float32)
            {
                PutFloats(tensor.RawFloat32!, hash, output);
            }
            else
            {
                PutFloats(tensor.RawScales!, hash, output);
                Put(MemoryMarshal.AsBytes(tensor.RawInt8!.AsSpan()));
            }
        }

        output.Write(hash.GetHashAndReset());
        output.Flush();
    }

    /// <summary>Writes the file to a byte array.</summary>
    /// <returns>The file's bytes.</returns>
    public byte[] ToArray()
    {
        using var buffer = new MemoryStream();
        Write(buffer);
        return buffer.ToArray();
    }

    /// <summary>Saves the file atomically: writes a temporary file beside <paramref name="path"/>, then moves it over.</summary>
    /// <param name="path">The destination path; its directory must exist.</param>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string temp = full + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Write(stream);
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

    /// <summary>Loads a model file from disk.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The model file.</returns>
    /// <exception cref="ModelFormatException">The file is not a valid model file.</exception>
    public static ModelFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        return Read(stream);
    }

    /// <summary>Reads a model file from a stream positioned at its first byte, to the end of the stream.</summary>
    /// <param name="source">A readable stream (need not be seekable); it is not closed.</param>
    /// <returns>The model file.</returns>
    /// <exception cref="ModelFormatException">The content is not a valid model file.</exception>
    public static ModelFile Read(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var reader = new ModelFileReader(source);
        Span<byte> magic = stackalloc byte[8];
        reader.ReadExactly(magic, "the magic number");
        if (!magic.SequenceEqual(Magic))
        {
            throw new ModelFormatException($"wrong magic number {Convert.ToHexString(magic)}: this is not a NomadMuse model file (expected {Convert.ToHexString(Magic)})", 0);
        }

        ushort version = reader.ReadUInt16("the format version");
        if (version != CurrentVersion)
        {
            throw new ModelFormatException($"unsupported format version {version}; this library reads version {CurrentVersion}", 8);
        }

        ushort flags = reader.ReadUInt16("the flags");
        if (flags != 0)
        {
            throw new ModelFormatException($"unknown flags 0x{flags:X4} (version {CurrentVersion} defines none)", 10);
        }

        uint metadataLength = reader.ReadUInt32("the metadata length");
        if (metadataLength == 0 || metadataLength > MaxMetadataBytes)
        {
            throw new ModelFormatException($"metadata length {metadataLength} is outside 1..{MaxMetadataBytes}", 12);
        }

        long metadataOffset = reader.Position;
        byte[] metadataJson = reader.ReadArray<byte>((int)metadataLength, "the metadata JSON", null);
        var file = new ModelFile(ModelMetadata.FromUtf8Json(metadataJson, metadataOffset));

        long countOffset = reader.Position;
        uint count = reader.ReadUInt32("the tensor count");
        if (count > MaxTensorCount)
        {
            throw new ModelFormatException($"tensor count {count} exceeds the limit of {MaxTensorCount}", countOffset);
        }

        for (int i = 0; i < count; i++)
        {
            file.AddRead(ReadTensor(reader, i));
        }

        byte[] computed = reader.FinishHash();
        long checksumOffset = reader.Position;
        Span<byte> stored = stackalloc byte[ChecksumLength];
        int got = reader.ReadUnhashed(stored);
        if (got < ChecksumLength)
        {
            throw new ModelFormatException($"the file is truncated: the SHA-256 checksum needs {ChecksumLength} bytes but only {got} remain", checksumOffset);
        }

        if (!CryptographicOperations.FixedTimeEquals(computed, stored))
        {
            throw new ModelFormatException($"checksum mismatch: the file says SHA-256 {Convert.ToHexString(stored)}, its content hashes to {Convert.ToHexString(computed)} (the file is corrupted)", checksumOffset);
        }

        if (!reader.AtEnd())
        {
            throw new ModelFormatException("unexpected bytes after the checksum", checksumOffset + ChecksumLength);
        }

        return file;
    }

    private void AddRead((ModelTensor Tensor, long Offset) entry)
    {
        if (!_byName.TryAdd(entry.Tensor.Name, entry.Tensor))
        {
            throw new ModelFormatException("duplicate tensor name", entry.Offset, entry.Tensor.Name);
        }

        _tensors.Add(entry.Tensor);
    }

    private static (ModelTensor Tensor, long Offset) ReadTensor(ModelFileReader reader, int index)
    {
        long recordOffset = reader.Position;
        string what = $"tensor #{index}";
        ushort nameLength = reader.ReadUInt16($"the name length of {what}");
        if (nameLength == 0 || nameLength > ModelTensor.MaxNameBytes)
        {
            throw new ModelFormatException($"{what} has a name length of {nameLength}; names are 1..{ModelTensor.MaxNameBytes} bytes", recordOffset);
        }

        long nameOffset = reader.Position;
        byte[] nameBytes = reader.ReadArray<byte>(nameLength, $"the name of {what}", null);
        string name;
        try
        {
            name = StrictUtf8.GetString(nameBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelFormatException($"the name of {what} is not valid UTF-8", nameOffset, innerException: e);
        }

        long typeOffset = reader.Position;
        byte type = reader.ReadByte("the element type", name);
        if (type is not ((byte)ModelTensorType.Float32 or (byte)ModelTensorType.Int8))
        {
            throw new ModelFormatException($"unknown element type code {type} (1 = fp32, 2 = INT8)", typeOffset, name);
        }

        byte rank = reader.ReadByte("the rank", name);
        if (rank is 0 or > ModelTensor.MaxRank)
        {
            throw new ModelFormatException($"rank {rank} is outside 1..{ModelTensor.MaxRank}", typeOffset + 1, name);
        }

        long shapeOffset = reader.Position;
        var shape = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            shape[d] = reader.ReadInt32("a dimension", name);
        }

        long elements = ModelTensor.CheckedCount(shape);
        if (elements < 0)
        {
            throw new ModelFormatException($"invalid shape {ModelTensor.FormatShape(shape)}: dimensions must be positive and there may be at most {ModelTensor.MaxElements} elements", shapeOffset, name);
        }

        if (type == (byte)ModelTensorType.Float32)
        {
            float[] values = reader.ReadArray<float>((int)elements, "the fp32 data", name);
            return (ModelTensor.AdoptFloat32(name, shape, values), recordOffset);
        }

        long scalesOffset = reader.Position;
        float[] scales = reader.ReadArray<float>(ModelTensor.RowsOf(shape), "the row scales", name);
        for (int r = 0; r < scales.Length; r++)
        {
            if (!float.IsFinite(scales[r]))
            {
                throw new ModelFormatException($"row scale {r} is {scales[r]}; scales must be finite", scalesOffset + (4L * r), name);
            }
        }

        sbyte[] quantized = reader.ReadArray<sbyte>((int)elements, "the INT8 data", name);
        return (ModelTensor.AdoptInt8(name, shape, quantized, scales), recordOffset);
    }

    private static void PutFloats(float[] values, IncrementalHash hash, Stream output)
    {
        if (BitConverter.IsLittleEndian)
        {
            var bytes = MemoryMarshal.AsBytes(values.AsSpan());
            hash.AppendData(bytes);
            output.Write(bytes);
            return;
        }

        Span<byte> one = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(one, v);
            hash.AppendData(one);
            output.Write(one);
        }
    }
}
