using System.CommandLine;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// <c>inspect corpus --data &lt;folder&gt;</c>: what the MIDI quality filter (seed §4.1.1) removes from each corpus
/// folder, per criterion, to choose and document the filter training uses.
/// </summary>
internal static class CorpusQualityCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "MIDI folder; each first-level subfolder is reported as a corpus.", Required = true };
        var filter = new Option<string>("--quality-filter") { Description = "seed (§4.1.1 literally) or default (what training uses).", DefaultValueFactory = _ => "seed" };
        var split = new Option<string>("--split") { Description = "Count only train, valid or test files, or all.", DefaultValueFactory = _ => "all" };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Token cache folder (default: <temp>/nomadmuse/tokens)." };
        var command = new Command("corpus", "Show what the MIDI quality filter removes from each corpus of a folder, by criterion.");
        foreach (var option in new Option[] { data, filter, split, json, cache })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => CorpusQualityRunner.Run(
            new CorpusQualityRunner.Settings(parse.GetValue(data)!.FullName, parse.GetValue(filter)!, parse.GetValue(split)!, parse.GetValue(json),
                parse.GetValue(cache)?.FullName ?? TrainGenerationRunner.DefaultCache),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }
}
