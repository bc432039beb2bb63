using System.Globalization;
using System.Text;
using System.Text.Json;
using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>The scores <c>eval generation</c> prints, as text or as one JSON object.</summary>
/// <param name="Model">The evaluated model's name.</param>
/// <param name="Plan">What was compared on.</param>
/// <param name="Tracks">Scored tracks.</param>
/// <param name="ModelScores">The model's scores, or null with <c>--baseline-only</c>.</param>
/// <param name="Baseline">The baseline's scores on the same predictions.</param>
/// <param name="Musical">The musical checks, the options they ran with and the model that ran them; null when off.</param>
internal sealed record EvalGenerationReport(string Model, EvalDataPlan Plan, int Tracks, GenerationScores? ModelScores, GenerationScores Baseline,
    (MusicalScores Scores, ContinuationCheckOptions Options, string Model)? Musical)
{
    /// <summary>The baseline's name in both forms of the report.</summary>
    public const string BaselineName = "kneser-ney-5";

    private GenerationScores Primary => ModelScores ?? Baseline;

    /// <summary>Scored tracks tokenized as swung.</summary>
    private int SwungTracks => Plan.ScoredSequences.Count(s => s.IsSwung);

    public void WriteText(TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Plan.ScoredFiles.Count} files of {Plan.DataFolder} ({EvalSplits.Name(Plan.Split)} split; {Plan.SplitReason}), {Plan.UnreadableFiles.Count} unreadable, {Tracks} tracks, {Primary.All.Count:N0} predictions"));
        output.WriteLine($"model: {Model}{(ModelScores is null ? " (not scored: --baseline-only)" : "")}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"swing detection: {TrackSwing.Name(Plan.Swing.Detection)} ({Plan.Swing.Reason}); {SwungTracks} of {Tracks} scored tracks swung"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"baseline: {BaselineName} trained on the train split of {Plan.BaselineFolder} ({Plan.BaselineTrainFiles:N0} files passing the default quality filter)"));
        if (ModelScores is not null)
        {
            WriteParts(output, "model", ModelScores);
        }

        WriteParts(output, BaselineName, Baseline);
        foreach (var (corpus, score) in Baseline.Groups)
        {
            var mine = ModelScores?.Groups[corpus];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"corpus {corpus,-16} tokens {score.Count,10:N0}  model ppl {mine?.Perplexity ?? double.NaN,8:F3} top1 {mine?.Top1 ?? double.NaN:P1}  |  {BaselineName} ppl {score.Perplexity,8:F3} top1 {score.Top1:P1}"));
        }

        if (Musical is { } m)
        {
            MusicalReport.WriteText(output, m.Scores, m.Options, m.Model);
        }
    }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", Model);
            w.WriteString("split", EvalSplits.Name(Plan.Split));
            w.WriteString("swing_detection", TrackSwing.Name(Plan.Swing.Detection));
            w.WriteNumber("swung_tracks", SwungTracks);
            w.WriteNumber("files", Plan.ScoredFiles.Count);
            w.WriteNumber("unreadable_files", Plan.UnreadableFiles.Count);
            w.WriteNumber("tokens", Primary.All.Count);
            if (ModelScores is null)
            {
                // The keys stay, so a consumer reads a baseline-only run with the same code.
                w.WriteNull("perplexity");
                w.WriteNull("top1");
                w.WriteNull("top5");
            }
            else
            {
                Scores(w, ModelScores.All);
            }

            Part(w, "drums", ModelScores?.Drums);
            Part(w, "tonal", ModelScores?.Tonal);
            Groups(w, ModelScores);
            w.WriteStartObject("baseline");
            w.WriteString("name", BaselineName);
            w.WriteString("trained_on", Plan.BaselineFolder);
            w.WriteNumber("train_files", Plan.BaselineTrainFiles);
            Scores(w, Baseline.All);
            Part(w, "drums", Baseline.Drums);
            Part(w, "tonal", Baseline.Tonal);
            Groups(w, Baseline);
            w.WriteEndObject();
            if (Musical is { } m)
            {
                MusicalReport.WriteJson(w, m.Scores, m.Options, m.Model);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteParts(TextWriter output, string name, GenerationScores s)
    {
        foreach (var (part, score) in new[] { ("all", s.All), ("drums", s.Drums), ("tonal", s.Tonal) })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-14} {part,-6} tokens {score.Count,10:N0}  ppl {score.Perplexity,8:F3}  top1 {score.Top1:P1}  top5 {score.Top5:P1}"));
        }
    }

    /// <summary>"corpora": one object per corpus folder (omitted when the data has no subfolders).</summary>
    private static void Groups(Utf8JsonWriter w, GenerationScores? scores)
    {
        if (scores is null || scores.Groups.Count == 0)
        {
            return;
        }

        w.WriteStartObject("corpora");
        foreach (var (name, score) in scores.Groups)
        {
            Part(w, name, score);
        }

        w.WriteEndObject();
    }

    private static void Part(Utf8JsonWriter w, string name, PredictionScore? score)
    {
        if (score is null)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartObject(name);
        w.WriteNumber("tokens", score.Count);
        Scores(w, score);
        w.WriteEndObject();
    }

    private static void Scores(Utf8JsonWriter w, PredictionScore s)
    {
        Number(w, "perplexity", s.Perplexity);
        Number(w, "top1", s.Top1);
        Number(w, "top5", s.Top5);
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 6));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
