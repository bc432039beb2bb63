using System.Text.Json;
using NomadMuse.Core.Models;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// The generator <c>eval generation</c> evaluates: the <c>--model</c> file, else the embedded default — loaded from
/// its model file rather than through <see cref="MuseGenerator.LoadDefault"/> so its metadata (the training folder)
/// comes with it.
/// </summary>
/// <param name="Predictor">The model, of either architecture.</param>
/// <param name="Name">The file name, or <see cref="EmbeddedName"/>.</param>
/// <param name="TrainedOn">
/// The folder the model was trained on (<c>extra.training_data</c>, written by <c>train generation</c> and
/// <c>quantize generation --training-data</c>), or null when the file records none.
/// </param>
/// <param name="Swing">
/// The swing detection the model was trained with (<c>extra.swing_detection</c>, written by <c>train generation</c>),
/// or null when the file records none (models trained before the setting existed were trained straight).
/// </param>
internal sealed record EvalModel(ITokenPredictor Predictor, string Name, string? TrainedOn, SwingDetection? Swing = null)
{

    /// <summary>The name the reports give the embedded default model.</summary>
    public const string EmbeddedName = "embedded default";

    /// <summary>Loads <paramref name="path"/>, or the embedded default model when it is null.</summary>
    /// <exception cref="ModelFormatException">The file is damaged or holds no generator.</exception>
    /// <exception cref="InvalidOperationException">No path was given and this build embeds no default model.</exception>
    public static EvalModel Load(string? path)
    {
        if (path is not null)
        {
            return FromFile(ModelFile.Load(path), Path.GetFileName(path));
        }

        using Stream stream = typeof(MuseGenerator).Assembly.GetManifestResourceStream(MuseGenerator.DefaultModelResource)
            ?? throw new InvalidOperationException(
                $"this build of NomadMuse.Generation embeds no default model (resource '{MuseGenerator.DefaultModelResource}'); pass --model <file>.");
        return FromFile(ModelFile.Read(stream), EmbeddedName);
    }

    private static EvalModel FromFile(ModelFile file, string name)
    {
        // A value that is not a string cannot name a folder; such a file is treated as recording none.
        string? folder = file.Metadata.Extra.TryGetPropertyValue(TrainingFolder.Key, out var node)
            && node?.GetValueKind() == JsonValueKind.String
            && node.GetValue<string>() is { Length: > 0 } text
                ? text
                : null;
        SwingDetection? swing = file.Metadata.Extra.TryGetPropertyValue(TrackSwing.ExtraKey, out var recorded)
            && recorded?.GetValueKind() == JsonValueKind.String
            && TrackSwing.TryParse(recorded.GetValue<string>(), out var parsed)
                ? parsed
                : null;
        return new EvalModel(TokenPredictorFile.FromModelFile(file), name, folder, swing);
    }
}
