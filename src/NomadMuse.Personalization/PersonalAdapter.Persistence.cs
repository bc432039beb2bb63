using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;

namespace NomadMuse.Personalization;

/// <summary>Adapter files: a small <c>.nmm</c> of their own, tied to the generator they were trained on.</summary>
public sealed partial class PersonalAdapter
{
    /// <summary>The <see cref="ModelMetadata.Architecture"/> of an adapter file.</summary>
    public const string Architecture = "nomadmuse-personal-adapter-head-lora";

    /// <summary>The adapter layout version written to <c>hyperparameters.adapter_version</c>.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// The identity of a generator's weights: <c>sha256:</c> over the architecture string and, for each parameter in
    /// order, its name, shape and fp32 values (little-endian).
    /// </summary>
    /// <remarks>
    /// Computed from the values the model holds: an INT8 model loaded from a file has the dequantised values, so an
    /// adapter trained on the shipped INT8 model fits exactly that model.
    /// </remarks>
    public static string FingerprintOf(GeneratorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(GeneratorModel.Architecture));
        Span<byte> four = stackalloc byte[4];
        byte[] buffer = new byte[4096];
        foreach (var p in model.Parameters)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(p.Name));
            foreach (int d in p.Shape)
            {
                BinaryPrimitives.WriteInt32LittleEndian(four, d);
                hash.AppendData(four);
            }

            for (int i = 0; i < p.Value.Length; i += buffer.Length / 4)
            {
                int n = Math.Min(buffer.Length / 4, p.Value.Length - i);
                for (int k = 0; k < n; k++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(k * 4), p.Value[i + k]);
                }

                hash.AppendData(buffer, 0, n * 4);
            }
        }

        return "sha256:" + Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    /// <summary>Packs the adapter into a model file that names the generator it belongs to.</summary>
    /// <param name="frozen">The generator it was trained on (its fingerprint and sizes are recorded).</param>
    /// <exception cref="ArgumentException">The generator's hidden width is not this adapter's.</exception>
    public ModelFile ToModelFile(GeneratorModel frozen)
    {
        ArgumentNullException.ThrowIfNull(frozen);
        if (frozen.Config.HiddenSize != HiddenSize)
        {
            throw new ArgumentException($"The adapter is for H = {HiddenSize}, the generator has H = {frozen.Config.HiddenSize}.", nameof(frozen));
        }

        var file = new ModelFile(new ModelMetadata(Architecture) { CreatedUtc = DateTimeOffset.UtcNow });
        var hp = file.Metadata.Hyperparameters;
        hp["adapter_version"] = FormatVersion;
        hp["rank"] = Rank;
        hp["hidden"] = HiddenSize;
        hp["vocab"] = GeneratorConfig.Vocabulary;
        hp["base_embedding"] = frozen.Config.EmbeddingSize;
        file.Metadata.Extra["base_architecture"] = GeneratorModel.Architecture;
        file.Metadata.Extra["base_fingerprint"] = FingerprintOf(frozen);
        file.AddParameters(Parameters);
        return file;
    }

    /// <summary>Writes the adapter to <paramref name="path"/> (temp file + move).</summary>
    public void Save(string path, GeneratorModel frozen) => ToModelFile(frozen).Save(path);

    /// <summary>Loads an adapter file for <paramref name="frozen"/>.</summary>
    /// <exception cref="ModelFormatException">The file is damaged, not an adapter, or of another adapter version.</exception>
    /// <exception cref="AdapterBaseMismatchException">The adapter was trained on another generator (sizes or weights).</exception>
    public static PersonalAdapter Load(string path, GeneratorModel frozen) => FromModelFile(ModelFile.Load(path), frozen);

    /// <summary>Rebuilds an adapter from a parsed model file and checks it belongs to <paramref name="frozen"/>.</summary>
    /// <exception cref="ModelFormatException">Not an adapter file, another adapter version, or bad shapes.</exception>
    /// <exception cref="AdapterBaseMismatchException">The adapter was trained on another generator.</exception>
    public static PersonalAdapter FromModelFile(ModelFile file, GeneratorModel frozen)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(frozen);
        var meta = file.Metadata;
        if (!string.Equals(meta.Architecture, Architecture, StringComparison.Ordinal))
        {
            throw new ModelFormatException($"architecture mismatch: the file holds a '{meta.Architecture}' model, not a personal adapter ('{Architecture}')");
        }

        long version = Required(meta, "adapter_version");
        if (version != FormatVersion)
        {
            throw new ModelFormatException($"unsupported adapter version {version}; this library reads version {FormatVersion}");
        }

        long vocab = Required(meta, "vocab"), rank = Required(meta, "rank"), hidden = Required(meta, "hidden");
        if (vocab != GeneratorConfig.Vocabulary)
        {
            throw new ModelFormatException($"vocabulary mismatch: the adapter has {vocab} outputs, the generator's vocabulary {GeneratorConfig.Vocabulary}");
        }

        if (rank is < 1 or > 64 || hidden is < 1 or > 4096)
        {
            throw new ModelFormatException($"hyperparameters out of range: rank {rank} (1–64), hidden {hidden} (1–4096)");
        }

        string baseArchitecture = meta.Extra["base_architecture"]?.ToString() ?? "(missing)";
        if (!string.Equals(baseArchitecture, GeneratorModel.Architecture, StringComparison.Ordinal))
        {
            throw new AdapterBaseMismatchException("base architecture", $"'{baseArchitecture}'", $"'{GeneratorModel.Architecture}'");
        }

        long embedding = Required(meta, "base_embedding");
        if (hidden != frozen.Config.HiddenSize || embedding != frozen.Config.EmbeddingSize)
        {
            throw new AdapterBaseMismatchException("base model size", $"E = {embedding}, H = {hidden}", $"E = {frozen.Config.EmbeddingSize}, H = {frozen.Config.HiddenSize}");
        }

        string expected = meta.Extra["base_fingerprint"]?.ToString() ?? "(missing)";
        string actual = FingerprintOf(frozen);
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new AdapterBaseMismatchException("base model weights", expected, actual);
        }

        var adapter = new PersonalAdapter((int)hidden, (int)rank, new TrainingRandom(0));
        file.CopyToParameters(adapter.Parameters);
        return adapter;
    }

    private static long Required(ModelMetadata meta, string key) =>
        meta.Hyperparameters.TryGetValue(key, out long value)
            ? value
            : throw new ModelFormatException($"not a personal adapter file: hyperparameter '{key}' is missing");
}
