using System.CommandLine;
using System.Text;
using System.Text.Json;
using NomadMuse.Analysis;
using NomadMuse.State;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// <c>analyze &lt;file&gt; [--genre G] [--target curve.json] [--json]</c>: loudness, tonal balance against a target,
/// dynamics, stereo and ranked suggestions; and <c>target build &lt;file-or-folder&gt; --out curve.json</c>.
/// </summary>
internal static class AnalyzeCommand
{
    private static readonly string[] BandKeys = ["sub_bass", "bass", "low_mid", "mid", "high_mid", "presence", "air"];

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The WAV or FLAC mix to analyse." };
        var genre = new Option<string?>("--genre") { Description = $"Built-in genre target: {string.Join(", ", GenreTarget.BuiltinNames)} (default pop)." };
        var target = new Option<FileInfo?>("--target") { Description = "A target curve JSON written by 'target build' (overrides --genre)." };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object on stdout." };
        var command = new Command("analyze", "Analyse a mix: loudness, 7-band balance against a genre target, dynamics, stereo image and ranked suggestions.");
        command.Arguments.Add(file);
        command.Options.Add(genre);
        command.Options.Add(target);
        command.Options.Add(json);
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(genre), parse.GetValue(target), parse.GetValue(json),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static Command CreateTarget()
    {
        var input = new Argument<string>("input") { Description = "A WAV/FLAC file or a folder of them (not recursive)." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the target curve JSON.", Required = true };
        var name = new Option<string?>("--name") { Description = "The target's name (default: the input's file or folder name)." };
        var build = new Command("build", "Build a tonal-balance target: the per-band median of the long-term band levels of the input files.");
        build.Arguments.Add(input);
        build.Options.Add(output);
        build.Options.Add(name);
        build.SetAction(parse => Build(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(name),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        var command = new Command("target", "Tonal-balance target curves.");
        command.Subcommands.Add(build);
        return command;
    }

    public static int Run(FileInfo file, string? genre, FileInfo? targetFile, bool json, TextWriter output, TextWriter error)
    {
        GenreTarget target;
        try
        {
            target = targetFile is not null ? GenreTarget.Load(targetFile.FullName) : GenreTarget.Builtin(genre ?? "pop");
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {OneLine(e)}");
            return 1;
        }

        MixAnalyzer? analyzer = Open(file, error);
        if (analyzer is null)
        {
            return 1;
        }

        MixReport report = analyzer.Report(target);
        if (json)
        {
            output.WriteLine(ToJson(report));
        }
        else
        {
            WriteText(file.Name, report, output);
        }

        return 0;
    }

    internal static MixAnalyzer? Open(FileInfo file, TextWriter error)
    {
        if (!file.Exists)
        {
            error.WriteLine($"error: {file.FullName} does not exist.");
            return null;
        }

        try
        {
            return MixAnalyzer.AnalyzeFile(file.FullName);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            error.WriteLine($"error: cannot analyse {file.Name}: {OneLine(e)}");
            return null;
        }
    }

    internal static void WriteLoudness(Utf8JsonWriter w, LoudnessReading l)
    {
        Number(w, "integrated", l.IntegratedLufs);
        Number(w, "momentaryMax", l.MomentaryMaxLufs);
        Number(w, "shortTermMax", l.ShortTermMaxLufs);
        Number(w, "range", l.LoudnessRangeLu);
        Number(w, "truePeak", l.TruePeakDbtp);
    }

    private static int Build(string input, FileInfo output, string? name, TextWriter stdout, TextWriter error)
    {
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            error.WriteLine($"error: {input} does not exist.");
            return 1;
        }

        try
        {
            string targetName = name ?? Path.GetFileNameWithoutExtension(Path.TrimEndingDirectorySeparator(input));
            GenreTarget target = GenreTarget.FromAudio(targetName, [input]);
            target.Save(output.FullName);
            stdout.WriteLine($"wrote {output.FullName}: target '{target.Name}' from {target.TrackCount} file(s)");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {OneLine(e)}");
            return 1;
        }
    }

    private static string ToJson(MixReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("loudness");
            WriteLoudness(w, report.Loudness);
            w.WriteEndObject();
            w.WriteStartObject("bands");
            for (int b = 0; b < BandKeys.Length; b++)
            {
                Number(w, BandKeys[b], report.Bands[(Band)b]);
            }

            w.WriteEndObject();
            w.WriteStartObject("deviations");
            for (int b = 0; b < BandKeys.Length; b++)
            {
                Number(w, BandKeys[b], report.DeviationDb((Band)b));
            }

            w.WriteEndObject();
            Number(w, "crestFactor", report.Dynamics.CrestFactorDb);
            Number(w, "plr", report.Dynamics.PeakToLoudnessDb);
            w.WriteStartObject("stereo");
            Number(w, "correlation", report.Stereo.Correlation);
            Number(w, "width", report.Stereo.Width);
            Number(w, "monoLossDb", report.Stereo.MaxMonoLossDb);
            w.WriteEndObject();
            w.WriteStartArray("suggestions");
            foreach (MixSuggestion s in report.Suggestions)
            {
                w.WriteStartObject();
                w.WriteString("severity", s.Severity.ToString().ToLowerInvariant());
                if (s.Band is { } band) { w.WriteString("band", BandKeys[(int)band]); } else { w.WriteNull("band"); }
                Number(w, "freqLowHz", s.FreqLowHz);
                Number(w, "freqHighHz", s.FreqHighHz);
                w.WriteString("action", s.Action.ToString().ToLowerInvariant());
                Number(w, "amountDb", s.AmountDb);
                Number(w, "q", s.Q);
                w.WriteString("message", s.Message);
                w.WriteStartArray("tracks");
                foreach (int id in s.TrackIds) { w.WriteNumberValue(id); }
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteText(string name, MixReport r, TextWriter o)
    {
        LoudnessReading l = r.Loudness;
        o.WriteLine($"{name} against target '{r.TargetName}'");
        o.WriteLine(FormattableString.Invariant($"  loudness  I {LoudnessCommand.Text(l.IntegratedLufs)} LUFS, M max {LoudnessCommand.Text(l.MomentaryMaxLufs)}, S max {LoudnessCommand.Text(l.ShortTermMaxLufs)}, LRA {LoudnessCommand.Text(l.LoudnessRangeLu)} LU, TP {LoudnessCommand.Text(l.TruePeakDbtp)} dBTP"));
        o.WriteLine(FormattableString.Invariant($"  dynamics  crest {r.Dynamics.CrestFactorDb:F1} dB, PLR {r.Dynamics.PeakToLoudnessDb:F1} dB, PSR {r.Dynamics.PeakToShortTermDb:F1} dB"));
        o.WriteLine(FormattableString.Invariant($"  stereo    correlation {r.Stereo.Correlation:F2}, width {r.Stereo.Width:F2}, worst mono loss {r.Stereo.MaxMonoLossDb:F1} dB"));
        o.WriteLine("  band        level  deviation");
        for (int b = 0; b < BandKeys.Length; b++)
        {
            o.WriteLine(FormattableString.Invariant($"  {BandKeys[b],-10} {LoudnessCommand.Text(r.Bands[(Band)b]),6}  {LoudnessCommand.Text(r.DeviationDb((Band)b)),6}"));
        }

        o.WriteLine(r.Suggestions.IsEmpty ? "  no suggestions" : "  suggestions:");
        foreach (MixSuggestion s in r.Suggestions)
        {
            o.WriteLine($"  [{s.Severity.ToString().ToLowerInvariant()}] {s.Message}");
        }
    }

    internal static string OneLine(Exception e)
    {
        string message = e is ArgumentException { ParamName: { } p } ? e.Message.Replace($" (Parameter '{p}')", "", StringComparison.Ordinal) : e.Message;
        return message.ReplaceLineEndings(" ");
    }

    // JSON has no infinities: levels that do not exist (silence, too short) are written as null.
    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
