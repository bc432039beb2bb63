using NomadMuse.Core.Models;

namespace NomadMuse.Generation.Model;

/// <summary>Opens a generator model file of either architecture by its <see cref="ModelMetadata.Architecture"/> tag.</summary>
public static class TokenPredictorFile
{
    /// <summary>Loads a GRU/attention generator or a base transformer from disk.</summary>
    /// <exception cref="ModelFormatException">The file is damaged or holds neither generator architecture.</exception>
    public static ITokenPredictor Load(string path) => FromModelFile(ModelFile.Load(path));

    /// <summary>Rebuilds the generator a parsed model file holds.</summary>
    /// <exception cref="ModelFormatException">The file holds neither generator architecture, or its contents do not fit it.</exception>
    public static ITokenPredictor FromModelFile(ModelFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Metadata.Architecture switch
        {
            GeneratorModel.Architecture => GeneratorModel.FromModelFile(file),
            TransformerModel.Architecture => TransformerModel.FromModelFile(file),
            var other => throw new ModelFormatException(
                $"architecture mismatch: the file holds a '{other}' model, not a generator ('{GeneratorModel.Architecture}' or '{TransformerModel.Architecture}')"),
        };
    }

    /// <summary>Loads a file of either architecture as a training model (e.g. a distillation teacher).</summary>
    /// <exception cref="ModelFormatException">The file is damaged or holds neither generator architecture.</exception>
    public static ISequenceModel LoadSequenceModel(string path) => (ISequenceModel)Load(path);
}
