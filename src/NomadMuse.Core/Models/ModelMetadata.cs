using System.Text.Json;
using System.Text.Json.Nodes;

namespace NomadMuse.Core.Models;

/// <summary>
/// What a <see cref="ModelFile"/> says about its model besides the tensors: the architecture and the facts needed
/// to rebuild it (hyperparameters such as hidden size or vocabulary size, the vocabulary itself), where it came from
/// (training-data hash, creation time), how good it is (metrics), and anything else (<see cref="Extra"/>).
/// </summary>
/// <remarks>
/// Stored in the file as one compact UTF-8 JSON object with the keys <c>architecture</c>, <c>hyperparameters</c>,
/// <c>vocabulary</c>, <c>trainingDataHash</c>, <c>metrics</c>, <c>createdUtc</c> and <c>extra</c>; dictionaries are
/// written with their keys in ordinal order so that the same metadata always gives the same bytes. Readers ignore
/// top-level keys they do not know, so later format revisions can add keys. Not thread-safe while being modified.
/// </remarks>
public sealed class ModelMetadata
{
    /// <summary>Creates metadata for an architecture.</summary>
    /// <param name="architecture">A short identifier of the network layout, e.g. <c>gru-lm</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="architecture"/> is empty.</exception>
    public ModelMetadata(string architecture)
    {
        ArgumentException.ThrowIfNullOrEmpty(architecture);
        Architecture = architecture;
    }

    /// <summary>A short identifier of the network layout, e.g. <c>gru-lm</c> or <c>instrument-cnn</c>.</summary>
    public string Architecture { get; }

    /// <summary>Integer hyperparameters that fix the tensor shapes, e.g. <c>hidden = 256</c>, <c>layers = 2</c>.</summary>
    public IDictionary<string, long> Hyperparameters { get; } = new Dictionary<string, long>(StringComparer.Ordinal);

    /// <summary>The token or class vocabulary, in index order (empty when the model has none).</summary>
    public IList<string> Vocabulary { get; } = new List<string>();

    /// <summary>A hash identifying the training data (e.g. <c>sha256:…</c>), or <see langword="null"/>.</summary>
    public string? TrainingDataHash { get; set; }

    /// <summary>Evaluation metrics, e.g. <c>validationPerplexity</c>. Values must be finite (JSON has no NaN).</summary>
    public IDictionary<string, double> Metrics { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>When the model was made, or <see langword="null"/>.</summary>
    public DateTimeOffset? CreatedUtc { get; set; }

    /// <summary>Free-form JSON for anything else (training settings, notes, provenance).</summary>
    public JsonObject Extra { get; private set; } = new();

    /// <summary>Serializes to the compact UTF-8 JSON stored in the file.</summary>
    /// <returns>The JSON bytes.</returns>
    /// <exception cref="InvalidOperationException">A metric is NaN or infinite.</exception>
    public byte[] ToUtf8Json()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("architecture", Architecture);
            writer.WriteStartObject("hyperparameters");
            foreach (var pair in Hyperparameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("vocabulary");
            foreach (string token in Vocabulary)
            {
                writer.WriteStringValue(token);
            }

            writer.WriteEndArray();
            if (TrainingDataHash is not null)
            {
                writer.WriteString("trainingDataHash", TrainingDataHash);
            }

            writer.WriteStartObject("metrics");
            foreach (var pair in Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (!double.IsFinite(pair.Value))
                {
                    throw new InvalidOperationException($"Metric '{pair.Key}' is {pair.Value}; JSON can store only finite numbers.");
                }

                writer.WriteNumber(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
            if (CreatedUtc is { } created)
            {
                writer.WriteString("createdUtc", created.ToUniversalTime());
            }

            writer.WritePropertyName("extra");
            Extra.WriteTo(writer);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Parses the JSON header of a model file.</summary>
    /// <param name="json">The UTF-8 JSON object.</param>
    /// <param name="fileOffset">Where the JSON starts in the file (for error messages).</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ModelFormatException">The JSON is malformed or a known key has the wrong type.</exception>
    internal static ModelMetadata FromUtf8Json(ReadOnlyMemory<byte> json, long fileOffset)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            return FromElement(document.RootElement, fileOffset);
        }
        catch (JsonException e)
        {
            long position = e.LineNumber == 0 && e.BytePositionInLine is { } column ? fileOffset + column : fileOffset;
            throw new ModelFormatException($"the metadata JSON is malformed at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", position, innerException: e);
        }
        catch (InvalidOperationException e)
        {
            // JsonElement accessors throw this when a value has an unexpected kind.
            throw new ModelFormatException($"the metadata JSON has a value of the wrong kind: {e.Message}", fileOffset, innerException: e);
        }
        catch (FormatException e)
        {
            throw new ModelFormatException($"the metadata JSON has a value in the wrong format: {e.Message}", fileOffset, innerException: e);
        }
    }

    private static ModelMetadata FromElement(JsonElement root, long fileOffset)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ModelFormatException($"the metadata JSON must be an object, found {root.ValueKind}", fileOffset);
        }

        // JSON allows repeated keys but JsonObject (used for Extra) throws on them later: reject them up front.
        RejectRepeatedKeys(root, "$", fileOffset);

        if (!root.TryGetProperty("architecture", out var architecture) || architecture.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(architecture.GetString()))
        {
            throw new ModelFormatException("the metadata JSON lacks a non-empty string 'architecture'", fileOffset);
        }

        var metadata = new ModelMetadata(architecture.GetString()!);
        if (root.TryGetProperty("hyperparameters", out var hyper))
        {
            foreach (var p in Members(hyper, "hyperparameters", fileOffset))
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out long value))
                {
                    throw new ModelFormatException($"hyperparameter '{p.Name}' is not an integer", fileOffset);
                }

                AddUnique(metadata.Hyperparameters, p.Name, value, "hyperparameters", fileOffset);
            }
        }

        if (root.TryGetProperty("vocabulary", out var vocabulary))
        {
            if (vocabulary.ValueKind != JsonValueKind.Array)
            {
                throw new ModelFormatException("'vocabulary' is not an array", fileOffset);
            }

            foreach (var token in vocabulary.EnumerateArray())
            {
                if (token.ValueKind != JsonValueKind.String)
                {
                    throw new ModelFormatException($"vocabulary entry {metadata.Vocabulary.Count} is not a string", fileOffset);
                }

                metadata.Vocabulary.Add(token.GetString()!);
            }
        }

        if (root.TryGetProperty("trainingDataHash", out var hash))
        {
            metadata.TrainingDataHash = hash.ValueKind == JsonValueKind.String
                ? hash.GetString()
                : throw new ModelFormatException("'trainingDataHash' is not a string", fileOffset);
        }

        if (root.TryGetProperty("metrics", out var metrics))
        {
            foreach (var p in Members(metrics, "metrics", fileOffset))
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDouble(out double value) || !double.IsFinite(value))
                {
                    throw new ModelFormatException($"metric '{p.Name}' is not a finite number", fileOffset);
                }

                AddUnique(metadata.Metrics, p.Name, value, "metrics", fileOffset);
            }
        }

        if (root.TryGetProperty("createdUtc", out var created))
        {
            metadata.CreatedUtc = created.ValueKind == JsonValueKind.String && created.TryGetDateTimeOffset(out var when)
                ? when
                : throw new ModelFormatException("'createdUtc' is not an ISO 8601 date and time", fileOffset);
        }

        if (root.TryGetProperty("extra", out var extra))
        {
            metadata.Extra = extra.ValueKind == JsonValueKind.Object
                ? JsonObject.Create(extra.Clone())!
                : throw new ModelFormatException("'extra' is not an object", fileOffset);
        }

        return metadata;
    }

    private static void RejectRepeatedKeys(JsonElement element, string path, long fileOffset)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new ModelFormatException($"the metadata JSON repeats the key '{property.Name}' in {path}", fileOffset);
                }

                RejectRepeatedKeys(property.Value, path + "." + property.Name, fileOffset);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            int index = 0;
            foreach (var item in element.EnumerateArray())
            {
                RejectRepeatedKeys(item, $"{path}[{index++}]", fileOffset);
            }
        }
    }

    private static JsonElement.ObjectEnumerator Members(JsonElement element, string key, long fileOffset) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject()
            : throw new ModelFormatException($"'{key}' is not an object", fileOffset);

    private static void AddUnique<T>(IDictionary<string, T> target, string name, T value, string key, long fileOffset)
    {
        if (!target.TryAdd(name, value))
        {
            throw new ModelFormatException($"'{key}' repeats the key '{name}'", fileOffset);
        }
    }
}
