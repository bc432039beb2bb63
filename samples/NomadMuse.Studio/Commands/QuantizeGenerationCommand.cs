using System.CommandLine;
using System.Globalization;
using NomadMuse.Core.Models;
using NomadMuse.Generation.Model;

namespace NomadMuse.Studio.Commands;

/// <summary><c>quantize generation</c>: writes the INT8 inference form of a trained fp32 generator model.</summary>
internal static class QuantizeGenerationCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Trained fp32 generator model (.nmm).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "INT8 model file to write.", Required = true };
        var command = new Command("generation", "Quantise a generator model to INT8 (per-row weights, dynamic activations).");
        command.Options.Add(model);
        command.Options.Add(output);
        command.SetAction(parse => Run(parse.GetValue(model)!.FullName, parse.GetValue(output)!.FullName,
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int Run(string modelPath, string outputPath, TextWriter output, TextWriter error)
    {
        try
        {
            var fp32 = GeneratorModel.Load(modelPath);
            if (fp32.IsQuantized)
            {
                error.WriteLine($"error: {modelPath} is already an INT8 model.");
                return 1;
            }

            var source = ModelFile.Load(modelPath);
            var int8 = fp32.Quantize();
            var file = int8.ToModelFile();
            foreach (var (key, value) in source.Metadata.Extra)
            {
                // Training provenance (preset, steps, seed, data) carries over; the quantisation keys are the new model's own.
                if (!file.Metadata.Extra.ContainsKey(key))
                {
                    file.Metadata.Extra[key] = value?.DeepClone();
                }
            }

            string? dir = Path.GetDirectoryName(outputPath);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            file.Save(outputPath);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{modelPath} ({new FileInfo(modelPath).Length:N0} bytes) → {outputPath} ({new FileInfo(outputPath).Length:N0} bytes, INT8)"));
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
