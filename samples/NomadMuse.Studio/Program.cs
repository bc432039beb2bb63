using System.CommandLine;
using NomadMuse.Studio.Commands;

namespace NomadMuse.Studio;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("NomadMuse Studio: a console host for the NomadMuse SDK.");
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.CreateTarget());
        root.Subcommands.Add(LoudnessCommand.Create());
        root.Subcommands.Add(new Command("train", "Train a model.") { TrainGenerationCommand.Create(), TrainClassifierCommand.Create(), ScorerCommands.CreateTrain() });
        root.Subcommands.Add(new Command("quantize", "Write the INT8 form of a model.") { QuantizeGenerationCommand.Create() });
        root.Subcommands.Add(GenerateCommands.CreateContinue());
        root.Subcommands.Add(GenerateCommands.CreateDrums());
        root.Subcommands.Add(GenerateCommands.CreateChords());
        root.Subcommands.Add(GenerateCommands.CreateInfill());
        root.Subcommands.Add(ClassifyCommand.Create());
        root.Subcommands.Add(PersonalizeCommands.Create());
        root.Subcommands.Add(new Command("bench", "Measure a real-time path (latency percentiles, throughput, allocation).") { BenchGenerationCommand.Create() });
        root.Subcommands.Add(new Command("eval", "Evaluate a model.") { EvalGenerationCommand.Create(), EvalClassificationCommand.Create(), ScorerCommands.CreateEval() });
        return root.Parse(args).Invoke();
    }
}
