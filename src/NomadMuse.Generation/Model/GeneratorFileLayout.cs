using System.Globalization;
using NomadMuse.Core.Models;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Model;

/// <summary>
/// The part of a generator model file that does not depend on the network: the token vocabulary, the fixed attention
/// and conditioning sizes, and the training dropout. Both architectures (GRU/attention and base transformer) write
/// and check it the same way, so a file of either is refused for the same reasons with the same messages.
/// </summary>
internal static class GeneratorFileLayout
{
    /// <summary>Starts a model file: the architecture, <c>vocab</c>, the network's own sizes, the fixed sizes, the
    /// vocabulary listing and <c>extra.dropout</c> (in that order, which is the order files have always had).</summary>
    public static ModelFile Create(string architecture, float dropout, params ReadOnlySpan<(string Key, long Value)> networkSizes)
    {
        var file = new ModelFile(new ModelMetadata(architecture) { CreatedUtc = DateTimeOffset.UtcNow });
        var hp = file.Metadata.Hyperparameters;
        hp["vocab"] = GeneratorConfig.Vocabulary;
        foreach (var (key, value) in networkSizes)
        {
            hp[key] = value;
        }

        hp["attention_head"] = GeneratorConfig.AttentionHead;
        hp["attention_window"] = GeneratorConfig.AttentionWindow;
        hp["instruments"] = GeneratorConfig.InstrumentClasses;
        hp["track_types"] = GeneratorConfig.TrackTypes;
        for (int i = 0; i < GeneratorConfig.Vocabulary; i++)
        {
            file.Metadata.Vocabulary.Add(MuseVocabulary.Describe(i));
        }

        file.Metadata.Extra["dropout"] = dropout.ToString("R", CultureInfo.InvariantCulture);
        return file;
    }

    /// <summary>Checks the shared part of a parsed file and returns its training dropout (0 when absent or unreadable).</summary>
    /// <exception cref="ModelFormatException">
    /// The architecture string, a fixed hyperparameter or the vocabulary does not match this tokenizer.
    /// </exception>
    public static float CheckShared(ModelFile file, string architecture)
    {
        ArgumentNullException.ThrowIfNull(file);
        var meta = file.Metadata;
        if (!string.Equals(meta.Architecture, architecture, StringComparison.Ordinal))
        {
            throw new ModelFormatException($"architecture mismatch: the file holds a '{meta.Architecture}' model, this loader reads '{architecture}'");
        }

        Expect(meta, "vocab", GeneratorConfig.Vocabulary);
        Expect(meta, "attention_head", GeneratorConfig.AttentionHead);
        Expect(meta, "attention_window", GeneratorConfig.AttentionWindow);
        Expect(meta, "instruments", GeneratorConfig.InstrumentClasses);
        Expect(meta, "track_types", GeneratorConfig.TrackTypes);
        CheckVocabulary(meta);

        // Dropout only matters for further training, so a missing or odd value falls back to none.
        return meta.Extra.TryGetPropertyValue("dropout", out var node) && node is not null
            && float.TryParse(node.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out float d) && d >= 0f && d < 1f
            ? d
            : 0f;
    }

    /// <summary>A hyperparameter the file must carry.</summary>
    /// <exception cref="ModelFormatException">It is missing.</exception>
    public static long Required(ModelMetadata meta, string key) =>
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

    /// <summary>An empty listing is accepted (older files); a listed one must be this tokenizer's, token by token.</summary>
    private static void CheckVocabulary(ModelMetadata meta)
    {
        if (meta.Vocabulary.Count == 0)
        {
            return;
        }

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
}
