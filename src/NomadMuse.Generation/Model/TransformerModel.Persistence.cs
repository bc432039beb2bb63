using NomadMuse.Core.Models;
using NomadMuse.Core.Training;

namespace NomadMuse.Generation.Model;

/// <summary>Saving to and loading from NomadMuse model files (<c>.nmm</c>).</summary>
public sealed partial class TransformerModel
{
    /// <summary>Packs the configuration, the vocabulary and the fp32 weights into a model file.</summary>
    /// <remarks>Hyperparameters: vocab, model_dim, blocks, feed_forward, attention_head, attention_window,
    /// instruments, track_types; <c>extra.dropout</c> records the training dropout.</remarks>
    public ModelFile ToModelFile()
    {
        var file = GeneratorFileLayout.Create(Architecture, Config.Dropout,
            ("model_dim", Config.ModelDimension), ("blocks", Config.Blocks), ("feed_forward", Config.FeedForward));
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
        float dropout = GeneratorFileLayout.CheckShared(file, Architecture);
        var meta = file.Metadata;
        long d = GeneratorFileLayout.Required(meta, "model_dim"), n = GeneratorFileLayout.Required(meta, "blocks"),
            f = GeneratorFileLayout.Required(meta, "feed_forward");
        if (d is < 1 or > 4096 || n is < 1 or > 64 || f is < 1 or > 16384)
        {
            throw new ModelFormatException($"hyperparameters out of range: model_dim {d} (1–4096), blocks {n} (1–64), feed_forward {f} (1–16384)");
        }

        var model = new TransformerModel(new TransformerConfig((int)d, (int)n, (int)f, dropout), new TrainingRandom(0));
        file.CopyToParameters(model.Parameters);
        return model;
    }
}
