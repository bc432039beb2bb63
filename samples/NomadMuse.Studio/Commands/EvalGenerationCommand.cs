using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using NomadMuse.Core.Models;
using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary><c>eval generation</c>: next-token perplexity / top-1 / top-5 of a generator and of a KN 5-gram baseline.</summary>
internal static class EvalGenerationCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "MIDI folder to evaluate on.", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Generator model file (.nmm, GRU/attention or base transformer); without it only the baseline is scored." };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object." };
        var maxFiles = new Option<int>("--max-files") { Description = "Evaluate at most N files (0 = all).", DefaultValueFactory = _ => 0 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Score at most N predictions per track (0 = all).", DefaultValueFactory = _ => 0 };
        var split = new Option<string>("--split") { Description = "Which files of --data: test (default), valid, train or all.", DefaultValueFactory = _ => "test" };
        var trainData = new Option<DirectoryInfo?>("--train-data") { Description = "Folder whose train split trains the baseline (default: --data)." };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Token cache folder." };
        var continuations = new Option<int>("--continuations") { Description = "Musical checks: continue up to N files per corpus (seeded sample; 0 = no checks). Uses --model, else the embedded default.", DefaultValueFactory = _ => 40 };
        var promptBeats = new Option<double>("--prompt-beats") { Description = "Musical checks: prompt length in beats from the first bar line.", DefaultValueFactory = _ => 16 };
        var continuationBeats = new Option<double>("--continuation-beats") { Description = "Musical checks: beats generated and compared.", DefaultValueFactory = _ => 16 };
        var seed = new Option<long>("--seed") { Description = "Musical checks: seed of the file sample and the samplers.", DefaultValueFactory = _ => 1 };
        var command = new Command("generation", "Evaluate next-token prediction of the generator against a Kneser–Ney 5-gram.");
        foreach (var option in new Option[] { data, model, json, maxFiles, maxTokens, split, trainData, cache, continuations, promptBeats, continuationBeats, seed })
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

            return Run(parse.GetValue(data)!.FullName, parse.GetValue(model)?.FullName, parse.GetValue(json),
                parse.GetValue(maxFiles), parse.GetValue(maxTokens), parse.GetValue(split)!, parse.GetValue(trainData)?.FullName,
                parse.GetValue(cache)?.FullName ?? TrainGenerationRunner.DefaultCache,
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, checks);
        });
        return command;
    }

    public static int Run(string data, string? modelPath, bool json, int maxFiles, int maxTokens, string split, string? trainData,
        string cache, TextWriter output, TextWriter error, ContinuationCheckOptions? checks = null)
    {
        DatasetSplit? only = split.ToUpperInvariant() switch
        {
            "TEST" => DatasetSplit.Test,
            "VALID" => DatasetSplit.Valid,
            "TRAIN" => DatasetSplit.Train,
            "ALL" => null,
            _ => (DatasetSplit)(-1),
        };
        if (only is { } o && !Enum.IsDefined(o))
        {
            error.WriteLine($"error: --split must be test, valid, train or all (got '{split}').");
            return 2;
        }

        ITokenPredictor? model = null;
        try
        {
            model = modelPath is null ? null : TokenPredictorFile.Load(modelPath);
            var store = TokenStore.Load(data, new TokenizerOptions(), cache);
            var files = store.Files.Select((f, i) => (f, i)).Where(x => only is null || x.f.Split == only)
                .Select(x => x.i).Take(maxFiles > 0 ? maxFiles : int.MaxValue).ToHashSet();
            var sequences = store.Sequences.Where(s => files.Contains(s.FileIndex)).ToList();
            var trainStore = trainData is null ? store : TokenStore.Load(trainData, new TokenizerOptions(), cache);
            var baseline = GenerationEvaluator.TrainBaseline(trainStore.InSplit(DatasetSplit.Train));
            string? CorpusOf(TrackSequence seq) => CorpusOfPath(store.Files[seq.FileIndex].RelativePath);

            var baseScores = GenerationEvaluator.Score(baseline, sequences, maxTokens, CorpusOf);
            var modelScores = model is null ? null : GenerationEvaluator.Score(model, sequences, maxTokens, CorpusOf);
            var primary = modelScores ?? baseScores;
            // Musical checks of continuations need a generator: the given model, else the one every host gets.
            string musicalModel = modelPath is null ? "embedded default" : Path.GetFileName(modelPath);
            // The runtime generator (constraints, sampling) drives the GRU/attention architecture only, so a base
            // transformer gets its prediction scores and a note instead of the musical checks.
            MuseGenerator? generator = checks is null ? null : model switch
            {
                null => MuseGenerator.LoadDefault(),
                GeneratorModel gru => MuseGenerator.FromModel(gru),
                _ => null,
            };
            if (checks is not null && generator is null)
            {
                error.WriteLine($"note: musical checks need a GRU/attention generator; skipped for {musicalModel} ({TransformerModel.Architecture}).");
            }

            MusicalScores? musical = generator is null ? null : ContinuationChecker.Check(generator, store, files, checks!,
                f => CorpusOfPath(store.Files[f].RelativePath));
            if (json)
            {
                output.WriteLine(ToJson(files.Count, primary, baseScores, modelPath is null, musical is null ? null : (musical, checks!, musicalModel)));
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{files.Count} files ({(only?.ToString() ?? "all").ToLowerInvariant()} split), {sequences.Count} tracks, {primary.All.Count:N0} predictions"));
                if (modelScores is not null)
                {
                    Write(output, "model", modelScores);
                }

                Write(output, "kneser-ney-5", baseScores);
                foreach (var (corpus, score) in baseScores.Groups)
                {
                    var mine = modelScores?.Groups[corpus];
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"corpus {corpus,-16} tokens {score.Count,10:N0}  model ppl {mine?.Perplexity ?? double.NaN,8:F3} top1 {mine?.Top1 ?? double.NaN:P1}  |  kneser-ney-5 ppl {score.Perplexity,8:F3} top1 {score.Top1:P1}"));
                }

                if (musical is not null)
                {
                    MusicalReport.WriteText(output, musical, checks!, musicalModel);
                }
            }

            return 0;
        }
        catch (ModelFormatException e)
        {
            error.WriteLine($"error: {modelPath}: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    /// <summary>A file's corpus: the first folder of its relative path (files directly in --data form no group).</summary>
    private static string? CorpusOfPath(string relative)
    {
        int slash = relative.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? relative[..slash] : null;
    }

    private static void Write(TextWriter output, string name, GenerationScores s)
    {
        foreach (var (part, score) in new[] { ("all", s.All), ("drums", s.Drums), ("tonal", s.Tonal) })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-14} {part,-6} tokens {score.Count,10:N0}  ppl {score.Perplexity,8:F3}  top1 {score.Top1:P1}  top5 {score.Top5:P1}"));
        }
    }

    private static string ToJson(int files, GenerationScores primary, GenerationScores baseline, bool baselineOnly,
        (MusicalScores Scores, ContinuationCheckOptions Options, string Model)? musical)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("files", files);
            w.WriteNumber("tokens", primary.All.Count);
            if (baselineOnly)
            {
                w.WriteNull("perplexity");
                w.WriteNull("top1");
                w.WriteNull("top5");
            }
            else
            {
                Scores(w, primary.All);
            }

            Part(w, "drums", baselineOnly ? null : primary.Drums);
            Part(w, "tonal", baselineOnly ? null : primary.Tonal);
            Groups(w, baselineOnly ? null : primary);
            w.WriteStartObject("baseline");
            w.WriteString("name", "kneser-ney-5");
            Scores(w, baseline.All);
            Part(w, "drums", baseline.Drums);
            Part(w, "tonal", baseline.Tonal);
            Groups(w, baseline);
            w.WriteEndObject();
            if (musical is { } m)
            {
                MusicalReport.WriteJson(w, m.Scores, m.Options, m.Model);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
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
