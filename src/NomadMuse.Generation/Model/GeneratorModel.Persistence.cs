using System.Globalization;
using NomadMuse.Core.Kernels;
using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Model;

/// <summary>Saving to and loading from NomadMuse model files (<c>.nmm</c>).</summary>
public sealed partial class GeneratorModel
{
    /// <summary>Packs the configuration, the vocabulary and the weights into a model file.</summary>
    /// <remarks>
    /// Hyperparameters: vocab, embedding, hidden, attention_head, attention_window, instruments, track_types. An fp32
    /// model writes every tensor as fp32. A quantised model (<see cref="IsQuantized"/>) writes its weight matrices as
    /// INT8 tensors with per-row scales (the same names and shapes) and everything else as fp32, and sets
    /// <c>extra.quantization</c> to <c>int8-symmetric-per-row</c>; readers that know nothing of it still load the file,
    /// dequantised to fp32.
    /// </remarks>
    public ModelFile ToModelFile()
    {
        var file = new ModelFile(new ModelMetadata(Architecture) { CreatedUtc = DateTimeOffset.UtcNow });
        var hp = file.Metadata.Hyperparameters;
        hp["vocab"] = GeneratorConfig.Vocabulary;
        hp["embedding"] = Config.EmbeddingSize;
        hp["hidden"] = Config.HiddenSize;
        hp["attention_head"] = GeneratorConfig.AttentionHead;
        hp["attention_window"] = GeneratorConfig.AttentionWindow;
        hp["instruments"] = GeneratorConfig.InstrumentClasses;
        hp["track_types"] = GeneratorConfig.TrackTypes;
        for (int i = 0; i < GeneratorConfig.Vocabulary; i++)
        {
            file.Metadata.Vocabulary.Add(MuseVocabulary.Describe(i));
        }

        file.Metadata.Extra["dropout"] = Config.Dropout.ToString("R", CultureInfo.InvariantCulture);
        if (_int8 is null)
        {
            file.AddParameters(Parameters);
            return file;
        }

        file.Metadata.Extra["quantization"] = QuantizationScheme;
        foreach (var p in Parameters)
        {
            if (_int8.TryGet(p.Name, out var m))
            {
                var q = new sbyte[m.Rows * m.Columns];
                m.CopyQuantizedTo(q);
                file.Add(ModelTensor.FromInt8(p.Name, [.. p.Shape], q, m.Scales));
            }
            else
            {
                file.Add(ModelTensor.FromFloat32(p.Name, [.. p.Shape], p.Value));
            }
        }

        return file;
    }

    /// <summary>The <c>extra.quantization</c> value of an INT8 generator file.</summary>
    public const string QuantizationScheme = "int8-symmetric-per-row";

    /// <summary>Writes the model to <paramref name="path"/> (temp file + move).</summary>
    public void Save(string path) => ToModelFile().Save(path);

    /// <summary>Loads a generator from a model file on disk.</summary>
    /// <exception cref="ModelFormatException">The file is damaged or holds another architecture or vocabulary.</exception>
    public static GeneratorModel Load(string path) => FromModelFile(ModelFile.Load(path));

    /// <summary>Rebuilds a generator from a parsed model file; a file with INT8 tensors gives a quantised model.</summary>
    /// <exception cref="ModelFormatException">
    /// The architecture string, a fixed hyperparameter, the vocabulary or a tensor shape does not match this layout.
    /// </exception>
    public static GeneratorModel FromModelFile(ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var meta = file.Metadata;
        if (!string.Equals(meta.Architecture, Architecture, StringComparison.Ordinal))
        {
            throw new ModelFormatException($"architecture mismatch: the file holds a '{meta.Architecture}' model, this loader reads '{Architecture}'");
        }

        Expect(meta, "vocab", GeneratorConfig.Vocabulary);
        Expect(meta, "attention_head", GeneratorConfig.AttentionHead);
        Expect(meta, "attention_window", GeneratorConfig.AttentionWindow);
        Expect(meta, "instruments", GeneratorConfig.InstrumentClasses);
        Expect(meta, "track_types", GeneratorConfig.TrackTypes);
        long e = Required(meta, "embedding"), h = Required(meta, "hidden");
        if (e is < 1 or > 4096 || h is < 1 or > 4096)
        {
            throw new ModelFormatException($"hyperparameters out of range: embedding {e}, hidden {h} (each must be 1–4096)");
        }

        if (meta.Vocabulary.Count != 0)
        {
            if (meta.Vocabulary.Count != GeneratorConfig.Vocabulary)
            {
                throw new ModelFormatException($"vocabulary mismatch: the file lists {meta.Vocabulary.Count} tokens, this tokenizer has {GeneratorConfig.Vocabulary}");
            }

            for (int i = 0; i < meta.Vocabulary.Count; i++)
            {
                if (!string.Equals(meta.Vocabulary[i], MuseVocabulary.Describe(i), StringComparison.Ordinal))
                {
                    throw new ModelFormatException($"vocabulary mismatch at token {i}: the file says '{meta.Vocabulary[i]}', this tokenizer '{MuseVocabulary.Describe(i)}'");
                }
            }
        }

        float dropout = 0f;
        if (meta.Extra.TryGetPropertyValue("dropout", out var node) && node is not null
            && float.TryParse(node.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out float d) && d >= 0f && d < 1f)
        {
            dropout = d;
        }

        var model = new GeneratorModel(new GeneratorConfig((int)e, (int)h, dropout), new TrainingRandom(0));
        file.CopyToParameters(model.Parameters);
        if (file.Tensors.Any(t => t.Type == ModelTensorType.Int8))
        {
            // The stored integers and scales are used as they are (no re-quantisation); a matrix stored as fp32 in
            // an otherwise INT8 file is quantised here.
            model.AttachInt8(p =>
            {
                var t = file.GetTensor(p.Name);
                try
                {
                    return t.Type == ModelTensorType.Int8
                        ? QuantizedMatrix.FromQuantized(t.Int8Values, t.RowScales, p.Shape[0], p.Shape[1])
                        : QuantizedMatrix.Quantize(p.Value, p.Shape[0], p.Shape[1]);
                }
                catch (ArgumentException ex)
                {
                    throw new ModelFormatException($"the INT8 weights cannot be used: {ex.Message}", tensorName: p.Name, innerException: ex);
                }
            });
        }

        return model;
    }

    private static long Required(ModelMetadata meta, string key) =>
        meta.Hyperparameters.TryGetValue(key, out long value)
            ? value
            : throw new ModelFormatException($"architecture mismatch: hyperparameter '{key}' is missing");

    private static void Expect(ModelMetadata meta, string key, long expected)
    {
        long actual = Required(meta, key);
        if (actual != expected)
        {
            throw new ModelFormatException($"architecture mismatch: hyperparameter '{key}' is {actual}, this generator needs {expected}");
        }
    }
}
