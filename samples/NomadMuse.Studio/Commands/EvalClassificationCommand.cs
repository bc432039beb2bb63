using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using NomadMuse.Classification.Data;
using NomadMuse.Classification.Runtime;

namespace NomadMuse.Studio.Commands;

/// <summary><c>eval classification --data &lt;folder&gt;</c>: clip-level accuracy, track-type accuracy, drum recall, per class, confusion.</summary>
internal static class EvalClassificationCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder with labels.csv (file,class_id,class_name,percussive) and the clips.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var model = new Option<FileInfo?>("--model") { Description = "Model file (.nmm); default: the embedded model." };
        var int8 = new Option<bool>("--int8") { Description = "Run the INT8 path." };
        var command = new Command("classification", "Evaluate the instrument classifier on a labelled clip folder.");
        foreach (var option in new Option[] { data, json, model, int8 })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output, error = parse.InvocationConfiguration.Error;
            ClassificationReport report;
            try
            {
                var clips = new ClipClassifier(ClassifyCommand.OpenClassifier(parse.GetValue(model)?.FullName, parse.GetValue(int8)));
                report = clips.Evaluate(parse.GetValue(data)!.FullName, parse.GetValue(json) ? null : output.WriteLine);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
            {
                error.WriteLine($"error: {e.Message}");
                return 1;
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(report.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
                return 0;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"clips {report.Clips}: accuracy {report.Accuracy:P1}, track type {report.TrackTypeAccuracy:P1}, drum recall {report.DrumRecall:P1}"));
            for (int c = 1; c <= InstrumentClasses.Count; c++)
            {
                int n = 0;
                for (int d = 1; d <= InstrumentClasses.Count; d++)
                {
                    n += report.Confusion(c, d);
                }

                if (n > 0)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {c,2} {InstrumentClasses.GetName(c),-28} n={n,4} accuracy {report.Confusion(c, c) / (double)n:P1}"));
                }
            }

            return 0;
        });
        return command;
    }
}
