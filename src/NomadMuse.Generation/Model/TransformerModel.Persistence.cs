using System.Globalization;
using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Model;

/// <summary>Saving to and loading from NomadMuse model files (<c>.nmm</c>).</summary>
public sealed partial class TransformerModel
{
    /// <summary>Packs the configuration, the vocabulary and the fp32 weights into a model file.</summary>
    /// <remarks>Hyperparameters: vocab, model_dim, blocks, feed_forward, attention_head, attention_window,
    /// instruments, track_types; <c>extra.dropout</c> records the training dropout.</remarks>
    public ModelFile ToModelFile()
    {
        var file = new ModelFile(new ModelMetadata(Architecture) { CreatedUtc = DateTimeOffset.UtcNow });
        var hp = file.Metadata.Hyperparameters;
        hp["vocab"] = GeneratorConfig.Vocabulary;
        hp["model_dim"] = Config.ModelDimension;
        hp["blocks"] = Config.Blocks;
        hp["feed_forward"] = Config.FeedForward;
        hp["attention_head"] = GeneratorConfig.AttentionHead;
        hp["attention_window"] = GeneratorConfig.AttentionWindow;
        hp["instruments"] = GeneratorConfig.InstrumentClasses;
        hp["track_types"] = GeneratorConfig.TrackTypes;
        for (int i = 0; i < GeneratorConfig.Vocabulary; i++)
        {
            file.Metadata.Vocabulary.Add(MuseVocabulary.Describe(i));
        }

        file.Metadata.Extra["dropout"] = Config.Dropout.ToString("R", CultureInfo.InvariantCulture);
        file.AddParameters(Parameters);
        return file;
    }

    /// <summary>Writes the model to <paramref name="path"/> (temp file + move).</summary>
    public void Save(string path) => ToModelFile().Save(path);

    /// <summary>Loads a base transformer from a model file on disk.</summary>
    /// <exception cref="ModelFormatException">The file is damaged or holds another architecture or vocabulary.</exception>
    public static TransformerModel Load(string path) => FromModelFile(ModelFile.Load(path));

    /// <summary>Rebuilds a base transformer from a parsed model file.</summary>
    /// <exception cref="ModelFormatException">
    /// The architecture string, a fixed hyperparameter, the vocabulary or a tensor shape does not match this layout.
    /// </exception>
    public static TransformerModel FromModelFile(ModelFile file)
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
        long d = Required(meta, "model_dim"), n = Required(meta, "blocks"), f = Required(meta, "feed_forward");
        if (d is < 1 or > 4096 || n is < 1 or > 64 || f is < 1 or > 16384)
        {
            throw new ModelFormatException($"hyperparameters out of range: model_dim {d} (1–4096), blocks {n} (1–64), feed_forward {f} (1–16384)");
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
            && float.TryParse(node.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out float p) && p >= 0f && p < 1f)
        {
            dropout = p;
        }

        var model = new TransformerModel(new TransformerConfig((int)d, (int)n, (int)f, dropout), new TrainingRandom(0));
        file.CopyToParameters(model.Parameters);
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
