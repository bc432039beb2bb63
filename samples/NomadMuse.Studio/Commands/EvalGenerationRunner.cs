using NomadMuse.Core.Models;
using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// The logic of <c>eval generation</c> (no System.CommandLine in it, so tests compile it in): resolves the model and
/// the data plan, scores the model and the Kneser–Ney baseline on the same predictions, runs the musical checks and
/// prints the report.
/// </summary>
internal static class EvalGenerationRunner
{
    /// <summary>The command's options.</summary>
    /// <param name="Data">MIDI folder to evaluate on.</param>
    /// <param name="Model">Model file, or null for the embedded default.</param>
    /// <param name="BaselineOnly">Score only the baseline (the model still picks the baseline's folder and runs the musical checks).</param>
    /// <param name="Json">Print one JSON object instead of the text report.</param>
    /// <param name="MaxFiles">Score at most N files (0 = all).</param>
    /// <param name="MaxTokens">Score at most N predictions per track (0 = all).</param>
    /// <param name="Split">auto, test, valid, train or all.</param>
    /// <param name="TrainData">Folder whose train split trains the baseline, or null to let the plan choose.</param>
    /// <param name="Cache">Token cache folder, or null for none.</param>
    /// <param name="Checks">Musical checks, or null for none.</param>
    /// <param name="Swing">Swing detection: auto (follow the model, see <see cref="EvalSwing"/>), detect or off.</param>
    internal sealed record Settings(string Data, string? Model, bool BaselineOnly, bool Json, int MaxFiles, int MaxTokens, string Split,
        string? TrainData, string? Cache, ContinuationCheckOptions? Checks = null, string Swing = "auto");

    public static int Run(Settings s, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (!EvalSplits.TryParse(s.Split, out var split))
        {
            error.WriteLine($"error: --split must be {EvalSplits.Choices} (got '{s.Split}').");
            return 2;
        }

        if (!string.Equals(s.Swing, "auto", StringComparison.OrdinalIgnoreCase) && !TrackSwing.TryParse(s.Swing, out _))
        {
            error.WriteLine($"error: --swing must be {EvalSwing.Choices} (got '{s.Swing}').");
            return 2;
        }

        if (s.MaxFiles < 0 || s.MaxTokens < 0)
        {
            error.WriteLine($"error: --max-files and --max-tokens must be ≥ 0 (0 = all); got {s.MaxFiles} and {s.MaxTokens}.");
            return 2;
        }

        EvalModel model;
        try
        {
            model = EvalModel.Load(s.Model);
        }
        catch (ModelFormatException e)
        {
            error.WriteLine($"error: {s.Model ?? EvalModel.EmbeddedName}: {e.Message}");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read {s.Model}: {e.Message}");
            return 1;
        }

        EvalDataPlan plan;
        try
        {
            plan = EvalDataPlan.Resolve(s.Data, s.TrainData, model, split, s.MaxFiles, s.Cache, EvalSwing.Resolve(s.Swing, model));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }

        if (plan.Note is not null)
        {
            error.WriteLine(plan.Note);
        }

        UnreadableFileNote.Write(error, plan);
        var sequences = plan.ScoredSequences;
        string? CorpusOf(TrackSequence seq) => plan.CorpusOf(seq.FileIndex);
        var baseline = GenerationEvaluator.TrainBaseline(plan.BaselineSequences());
        var baseScores = GenerationEvaluator.Score(baseline, sequences, s.MaxTokens, CorpusOf);
        var modelScores = s.BaselineOnly ? null : GenerationEvaluator.Score(model.Predictor, sequences, s.MaxTokens, CorpusOf);

        // The runtime generator (constraints, sampling) drives the GRU/attention architecture only, so a base
        // transformer gets its prediction scores and a note instead of the musical checks.
        MuseGenerator? generator = s.Checks is not null && model.Predictor is GeneratorModel gru ? MuseGenerator.FromModel(gru) : null;
        if (s.Checks is not null && generator is null)
        {
            error.WriteLine($"note: musical checks need a GRU/attention generator; skipped for {model.Name} ({TransformerModel.Architecture}).");
        }

        MusicalScores? musical = generator is null ? null : ContinuationChecker.Check(generator, plan.ScoredStore, plan.ScoredFiles, s.Checks!, plan.CorpusOf);
        var report = new EvalGenerationReport(model.Name, plan, sequences.Count, modelScores, baseScores,
            musical is null ? null : (musical, s.Checks!, model.Name));
        if (s.Json)
        {
            output.WriteLine(report.ToJson());
        }
        else
        {
            report.WriteText(output);
        }

        return 0;
    }
}
