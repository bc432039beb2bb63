using System.CommandLine;
using NomadMuse.Generation.Midi;
using NomadMuse.Studio.Inspection;

namespace NomadMuse.Studio.Commands;

/// <summary><c>inspect &lt;file.mid&gt; [--json]</c>: what a MIDI file holds, as text or as one JSON object (<c>inspect corpus</c>: a folder's quality census).</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The Standard MIDI File (.mid) to inspect." };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout instead of text." };
        var command = new Command("inspect", "Show a MIDI file's tracks, tempo map, time and key signatures, duration and token count.");
        command.Arguments.Add(file);
        command.Options.Add(json);
        // `inspect corpus --data <folder>` reports a whole folder; a file literally named "corpus" needs a path ("./corpus").
        command.Subcommands.Add(CorpusQualityCommand.Create());
        command.SetAction(parse => Run(
            parse.GetValue(file)!,
            parse.GetValue(json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command; returns the process exit code (0 success, 1 unreadable or invalid file).</summary>
    public static int Run(FileInfo file, bool json, TextWriter output, TextWriter error)
    {
        MidiSummary summary;
        try
        {
            summary = MidiSummary.Create(file.FullName, MidiFile.Read(file.FullName));
        }
        catch (MidiFormatException e)
        {
            error.WriteLine($"error: {file.Name} is not a valid MIDI file: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read {file.FullName}: {e.Message}");
            return 1;
        }

        if (json)
        {
            output.WriteLine(MidiSummaryFormatter.ToJson(summary));
        }
        else
        {
            MidiSummaryFormatter.WriteText(summary, output);
        }

        return 0;
    }
}
