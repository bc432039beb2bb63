using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NomadMuse.Analysis;

namespace NomadMuse.Studio.Commands;

/// <summary><c>loudness &lt;file&gt; [--json]</c>: EBU R128 loudness, range and true peak of a WAV or FLAC file.</summary>
internal static class LoudnessCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The WAV or FLAC file to measure." };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout: integrated, momentaryMax, shortTermMax, range, truePeak." };
        var command = new Command("loudness", "Measure integrated loudness (LUFS), maximum momentary and short-term loudness, loudness range (LU) and true peak (dBTP).");
        command.Arguments.Add(file);
        command.Options.Add(json);
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Runs the command; returns 0 on success, 1 when the file cannot be read or decoded.</summary>
    public static int Run(FileInfo file, bool json, TextWriter output, TextWriter error)
    {
        MixAnalyzer? analyzer = AnalyzeCommand.Open(file, error);
        if (analyzer is null)
        {
            return 1;
        }

        LoudnessReading l = analyzer.ReadLoudness();
        if (json)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                AnalyzeCommand.WriteLoudness(w, l);
                w.WriteEndObject();
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            output.WriteLine(file.Name);
            output.WriteLine(FormattableString.Invariant($"  integrated     {Text(l.IntegratedLufs)} LUFS"));
            output.WriteLine(FormattableString.Invariant($"  momentary max  {Text(l.MomentaryMaxLufs)} LUFS"));
            output.WriteLine(FormattableString.Invariant($"  short-term max {Text(l.ShortTermMaxLufs)} LUFS"));
            output.WriteLine(FormattableString.Invariant($"  range          {Text(l.LoudnessRangeLu)} LU"));
            output.WriteLine(FormattableString.Invariant($"  true peak      {Text(l.TruePeakDbtp)} dBTP"));
        }

        return 0;
    }

    internal static string Text(double value) => double.IsFinite(value) ? value.ToString("F1", CultureInfo.InvariantCulture) : "-inf";
}
