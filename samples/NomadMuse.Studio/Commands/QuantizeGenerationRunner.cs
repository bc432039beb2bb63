using System.Globalization;
using NomadMuse.Core.Models;
using NomadMuse.Generation.Model;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// The logic of <c>quantize generation</c> (no System.CommandLine in it, so tests compile it in): writes the INT8
/// inference form of a trained fp32 generator with its training provenance, optionally stamping the training folder.
/// </summary>
internal static class QuantizeGenerationRunner
{
    /// <param name="modelPath">The trained generator (.nmm); an INT8 one only with <paramref name="trainingData"/>.</param>
    /// <param name="outputPath">The INT8 file to write.</param>
    /// <param name="trainingData">
    /// The folder the model was trained on, recorded as <c>extra.training_data</c> (replacing any recorded value), or
    /// null to keep what the source records. Models written before <c>train generation</c> recorded it need this so
    /// <c>eval generation</c> trains its baseline on the same data.
    /// </param>
    /// <param name="output">Where the result line goes.</param>
    /// <param name="error">Where errors go.</param>
    /// <returns>0 on success, 1 for an unreadable or unsuitable model, 2 for a missing --training-data folder.</returns>
    public static int Run(string modelPath, string outputPath, string? trainingData, TextWriter output, TextWriter error)
    {
        string? stamp = null;
        if (trainingData is not null)
        {
            stamp = TrainingFolder.Normalize(trainingData);
            if (!Directory.Exists(stamp))
            {
                error.WriteLine($"error: --training-data folder not found: {stamp}");
                return 2;
            }
        }

        try
        {
            var source = ModelFile.Load(modelPath);
            var model = GeneratorModel.FromModelFile(source);
            ModelFile file;
            if (model.IsQuantized)
            {
                if (stamp is null)
                {
                    error.WriteLine($"error: {modelPath} is already an INT8 model (pass --training-data <folder> to only record its training folder).");
                    return 1;
                }

                // Re-quantising dequantised weights could move them; stamping an INT8 model rewrites its metadata only.
                file = source;
            }
            else
            {
                file = model.Quantize().ToModelFile();
                foreach (var (key, value) in source.Metadata.Extra)
                {
                    // Training provenance (preset, steps, seed, data) carries over; the quantisation keys are the new model's own.
                    if (!file.Metadata.Extra.ContainsKey(key))
                    {
                        file.Metadata.Extra[key] = value?.DeepClone();
                    }
                }
            }

            if (stamp is not null)
            {
                file.Metadata.Extra[TrainingFolder.Key] = stamp;
            }

            string? dir = Path.GetDirectoryName(outputPath);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            file.Save(outputPath);
            string what = model.IsQuantized ? $"INT8 tensors copied, training folder {stamp}" : stamp is null ? "INT8" : $"INT8, training folder {stamp}";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{modelPath} ({new FileInfo(modelPath).Length:N0} bytes) → {outputPath} ({new FileInfo(outputPath).Length:N0} bytes, {what})"));
            return 0;
        }
        catch (ModelFormatException e)
        {
            error.WriteLine($"error: {modelPath}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
