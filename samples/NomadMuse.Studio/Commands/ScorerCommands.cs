using System.CommandLine;
using System.Globalization;
using NomadMuse.Analysis.Scoring;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// <c>train scorer</c> and <c>eval scorer</c>: make labelled examples from real mixes with injected damage, train the
/// ~10k-parameter suggestion scorer, and report its held-out precision/recall next to the rules'.
/// </summary>
internal static class ScorerCommands
{
    private static readonly double[] EvalMismatches = [0, 2];

    public static Command CreateTrain()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder of finished mixes (WAV/FLAC), e.g. shared/data/mixes.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the scorer (.nmm).", Required = true };
        var (segments, seconds, holdout, seed) = CommonOptions();
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => new MixScorerTrainingOptions().Epochs };
        var command = new Command("scorer", "Train the mix-suggestion scorer on real mixes with known injected damage; prints held-out precision/recall.");
        foreach (Option option in new Option[] { data, output, segments, seconds, holdout, seed, epochs })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => RunTrain(parse.GetValue(data)!.FullName, parse.GetValue(output)!.FullName,
            Options(parse.GetValue(segments), parse.GetValue(seconds), parse.GetValue(holdout), parse.GetValue(seed), parse.GetValue(epochs)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static Command CreateEval()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder of finished mixes (WAV/FLAC), e.g. shared/data/mixes.", Required = true };
        var model = new Option<FileInfo?>("--model") { Description = "Scorer file (.nmm); default: the one embedded in NomadMuse.Analysis." };
        var (segments, seconds, holdout, seed) = CommonOptions();
        var command = new Command("scorer", "Evaluate the mix-suggestion scorer and the rules on held-out mixes with known injected damage.");
        foreach (Option option in new Option[] { data, model, segments, seconds, holdout, seed })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => RunEval(parse.GetValue(data)!.FullName, parse.GetValue(model)?.FullName,
            Options(parse.GetValue(segments), parse.GetValue(seconds), parse.GetValue(holdout), parse.GetValue(seed), 1),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    public static int RunTrain(string data, string outPath, MixScorerTrainingOptions options, TextWriter output, TextWriter error)
    {
        try
        {
            ScorerDataset dataset = MixScorerTraining.BuildDataset(MixScorerTraining.FindAudio(data), options, output.WriteLine);
            output.WriteLine(FormattableString.Invariant(
                $"examples: {dataset.TrainingCount} training ({dataset.TrainingSources.Length} files), {dataset.HeldOutCount} held out ({dataset.HeldOutSources.Length} files); {dataset.SecondsAnalysed:F0} s of audio analysed in {dataset.AnalysisTime.TotalSeconds:F0} s"));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            MixScorer scorer = MixScorerTraining.Train(dataset, options, output.WriteLine);
            output.WriteLine(FormattableString.Invariant($"trained {scorer.ParameterCount} parameters in {clock.Elapsed.TotalSeconds:F1} s"));
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (double mismatch in EvalMismatches)
            {
                MixScorerEvaluation s = MixScorerTraining.Evaluate(scorer, dataset, mismatch);
                MixScorerEvaluation r = MixScorerTraining.EvaluateRules(dataset, mismatch);
                Print(output, s, r);
                string key = FormattableString.Invariant($"heldout_mismatch{mismatch:0}db");
                metrics[key + "_top1"] = s.Top1Accuracy;
                metrics[key + "_top3"] = s.Top3Accuracy;
                metrics[key + "_macro_precision"] = s.MacroPrecision;
                metrics[key + "_macro_recall"] = s.MacroRecall;
                metrics[key + "_rules_top1"] = r.Top1Accuracy;
            }

            metrics["heldout_examples"] = dataset.HeldOutCount;
            metrics["training_examples"] = dataset.TrainingCount;
            scorer.Save(outPath, metrics);
            output.WriteLine($"saved {outPath}");
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    public static int RunEval(string data, string? modelPath, MixScorerTrainingOptions options, TextWriter output, TextWriter error)
    {
        try
        {
            MixScorer scorer = modelPath is null
                ? MixScorer.Default ?? throw new InvalidDataException("this build embeds no scorer; pass --model")
                : MixScorer.Load(modelPath);
            ScorerDataset dataset = MixScorerTraining.BuildDataset(MixScorerTraining.FindAudio(data), options, output.WriteLine, heldOutOnly: true);
            output.WriteLine(FormattableString.Invariant($"held out: {dataset.HeldOutCount} examples from {dataset.HeldOutSources.Length} files"));
            foreach (double mismatch in EvalMismatches)
            {
                Print(output, MixScorerTraining.Evaluate(scorer, dataset, mismatch), MixScorerTraining.EvaluateRules(dataset, mismatch));
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or Core.Models.ModelFormatException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static (Option<int> Segments, Option<double> Seconds, Option<string?> Holdout, Option<ulong> Seed) CommonOptions() =>
    (
        new Option<int>("--segments") { Description = "Segments per file (each analysed clean and with 18 damages).", DefaultValueFactory = _ => new MixScorerTrainingOptions().SegmentsPerFile },
        new Option<double>("--seconds") { Description = "Segment length in seconds.", DefaultValueFactory = _ => new MixScorerTrainingOptions().SegmentSeconds },
        new Option<string?>("--holdout") { Description = "Comma-separated file names to hold out (default: one rock, metal, EDM, classical and hip-hop file)." },
        new Option<ulong>("--seed") { Description = "Seed of damages, weights and noise.", DefaultValueFactory = _ => 1UL }
    );

    private static MixScorerTrainingOptions Options(int segments, double seconds, string? holdout, ulong seed, int epochs) => new()
    {
        SegmentsPerFile = segments,
        SegmentSeconds = seconds,
        Seed = seed,
        Epochs = epochs,
        HeldOut = holdout is null ? MixScorerTrainingOptions.DefaultHeldOut : [.. holdout.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
    };

    private static void Print(TextWriter output, MixScorerEvaluation scorer, MixScorerEvaluation rules)
    {
        output.WriteLine(FormattableString.Invariant($"held out, target mismatch σ = {scorer.MismatchDb:0.#} dB, {scorer.Examples} examples"));
        output.WriteLine(FormattableString.Invariant($"  scorer: top-1 {scorer.Top1Accuracy:P1}, top-3 {scorer.Top3Accuracy:P1}, macro precision {scorer.MacroPrecision:P1}, macro recall {scorer.MacroRecall:P1}"));
        output.WriteLine(FormattableString.Invariant($"  rules:  top-1 {rules.Top1Accuracy:P1}, top-3 {rules.Top3Accuracy:P1}, macro precision {rules.MacroPrecision:P1}, macro recall {rules.MacroRecall:P1}"));
        output.WriteLine("  fix                 support  scorer P  scorer R   rules P   rules R");
        for (int i = 0; i < scorer.PerFix.Length; i++)
        {
            FixMetrics s = scorer.PerFix[i], r = rules.PerFix[i];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {MixFixes.Describe(s.Fix),-18} {s.Support,8} {P(s.Precision),9} {P(s.Recall),9} {P(r.Precision),9} {P(r.Recall),9}"));
        }
    }

    private static string P(double value) => double.IsNaN(value) ? "—" : value.ToString("P0", CultureInfo.InvariantCulture);
}
