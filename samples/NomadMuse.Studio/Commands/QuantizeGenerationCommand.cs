using System.CommandLine;

namespace NomadMuse.Studio.Commands;

/// <summary><c>quantize generation</c>: writes the INT8 inference form of a trained fp32 generator model.</summary>
internal static class QuantizeGenerationCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo>("--model") { Description = "Trained fp32 generator model (.nmm); an INT8 one only with --training-data.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "INT8 model file to write.", Required = true };
        var trainingData = new Option<DirectoryInfo?>("--training-data")
        {
            Description = "Record this folder as the one the model was trained on (extra.training_data; eval generation trains its baseline there). With an INT8 --model, only the metadata changes.",
        };
        var command = new Command("generation", "Quantise a generator model to INT8 (per-row weights, dynamic activations).");
        command.Options.Add(model);
        command.Options.Add(output);
        command.Options.Add(trainingData);
        command.SetAction(parse => QuantizeGenerationRunner.Run(parse.GetValue(model)!.FullName, parse.GetValue(output)!.FullName,
            parse.GetValue(trainingData)?.FullName, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }
}
