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
        root.Subcommands.Add(new Command("train", "Train a model.") { TrainGenerationCommand.Create(), TrainClassifierCommand.Create() });
        root.Subcommands.Add(new Command("eval", "Evaluate a model.") { EvalGenerationCommand.Create(), EvalClassificationCommand.Create() });
        root.Subcommands.Add(ClassifyCommand.Create());
        return root.Parse(args).Invoke();
    }
}
