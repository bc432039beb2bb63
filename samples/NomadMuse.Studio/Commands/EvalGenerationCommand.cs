using System.CommandLine;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary><c>eval generation</c>: next-token perplexity / top-1 / top-5 of a generator and of a KN 5-gram baseline.</summary>
internal static class EvalGenerationCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "MIDI folder to evaluate on.", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Generator model file (.nmm, GRU/attention or base transformer); default: the embedded default model." };
        var baselineOnly = new Option<bool>("--baseline-only") { Description = "Score only the baseline (the model still picks the baseline's training folder and runs the musical checks)." };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object." };
        var maxFiles = new Option<int>("--max-files") { Description = "Evaluate at most N files (0 = all).", DefaultValueFactory = _ => 0 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Score at most N predictions per track (0 = all).", DefaultValueFactory = _ => 0 };
        var split = new Option<string>("--split")
        {
            Description = "Which files of --data: auto (default: test when --data is in the baseline's training folder or the baseline trains on --data, else all), test, valid, train or all.",
            DefaultValueFactory = _ => "auto",
        };
        var trainData = new Option<DirectoryInfo?>("--train-data") { Description = "Folder whose train split trains the baseline (default: the model's recorded training folder if it exists here, else --data)." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Token cache folder." };
        var swing = new Option<string>("--swing")
        {
            Description = "Per-track swing detection before quantising: auto (default: what the model records in extra.swing_detection; detect for a model that records none), detect or off.",
            DefaultValueFactory = _ => "auto",
        };
        var continuations = new Option<int>("--continuations") { Description = "Musical checks: continue up to N files per corpus (seeded sample; 0 = no checks). Uses --model, else the embedded default.", DefaultValueFactory = _ => 40 };
        var promptBeats = new Option<double>("--prompt-beats") { Description = "Musical checks: prompt length in beats from the first bar line.", DefaultValueFactory = _ => 16 };
        var continuationBeats = new Option<double>("--continuation-beats") { Description = "Musical checks: beats generated and compared.", DefaultValueFactory = _ => 16 };
        var seed = new Option<long>("--seed") { Description = "Musical checks: seed of the file sample and the samplers.", DefaultValueFactory = _ => 1 };
        var command = new Command("generation", "Evaluate next-token prediction of the generator against a Kneser–Ney 5-gram.");
        foreach (var option in new Option[] { data, model, baselineOnly, json, maxFiles, maxTokens, split, trainData, cache, swing, continuations, promptBeats, continuationBeats, seed })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            ContinuationCheckOptions? checks;
            try
            {
                int n = parse.GetValue(continuations);
                checks = n == 0 ? null : new ContinuationCheckOptions
                {
                    FilesPerGroup = n,
                    PromptBeats = parse.GetValue(promptBeats),
                    ContinuationBeats = parse.GetValue(continuationBeats),
                    Seed = parse.GetValue(seed),
                };
            }
            catch (ArgumentOutOfRangeException e)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: musical checks: {e.Message}");
                return 2;
            }

            return EvalGenerationRunner.Run(new EvalGenerationRunner.Settings(
                parse.GetValue(data)!.FullName, parse.GetValue(model)?.FullName, parse.GetValue(baselineOnly), parse.GetValue(json),
                parse.GetValue(maxFiles), parse.GetValue(maxTokens), parse.GetValue(split)!, parse.GetValue(trainData)?.FullName,
                parse.GetValue(cache)?.FullName ?? TrainGenerationRunner.DefaultCache, checks, parse.GetValue(swing)!),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }
}
