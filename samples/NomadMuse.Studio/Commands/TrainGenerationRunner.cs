using System.Globalization;
using System.Runtime.InteropServices;
using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// The logic of <c>train generation</c> (no System.CommandLine in it, so tests compile it in): loads the corpus,
/// builds the model of the preset, trains it with checkpoints (optionally distilled from a frozen teacher) and
/// writes the model file.
/// </summary>
internal static class TrainGenerationRunner
{
    internal static string DefaultCache => Path.Combine(Path.GetTempPath(), "nomadmuse", "tokens");

    internal sealed record Settings(string Data, string Output, string Preset, int Steps, int Batch, int SeqLen, float LearningRate,
        string? Checkpoint, int CheckpointEvery, bool Resume, ulong Seed, string? Log, string Cache,
        float Dropout = 0.1f, int Transpose = 2, int Threads = 1,
        IReadOnlyList<string>? Teachers = null, IReadOnlyList<double>? TeacherWeights = null, float DistillTemperature = 3f, float DistillAlpha = 0.3f,
        PersonalTerms? Personal = null, string? Init = null, string QualityFilter = "default", string? Swing = null)
    {
        /// <summary>True when the student learns from frozen teachers (one, or an ensemble).</summary>
        public bool Distils => Teachers is { Count: > 0 } || Personal?.Teacher is not null;
    }

    /// <summary>
    /// What a user's session log adds to the fusion (seed §3.2.6): the personal teacher with its weight γ, and the logged
    /// sequences for the λ·L_accept term. Built by the command layer, which knows the log format.
    /// </summary>
    /// <param name="Teacher">P_personal (the adapter over its base), or null for none.</param>
    /// <param name="Gamma">γ = 0.2·sigmoid(n_sessions − 10), the personal teacher's weight.</param>
    /// <param name="Logged">Accepted (weight 1) and rejected (weight 0.1) sequences; empty for no acceptance term.</param>
    /// <param name="Lambda">λ, the acceptance term's weight.</param>
    /// <param name="Description">For the start-up line, e.g. the log's file name and session count.</param>
    internal sealed record PersonalTerms(ISequenceModel? Teacher, double Gamma, IReadOnlyList<WeightedSequence> Logged, float Lambda, string Description);

    public static int Run(Settings s, TextWriter output, TextWriter error)
    {
        bool isBase = string.Equals(s.Preset, "base", StringComparison.OrdinalIgnoreCase);
        GeneratorConfig? config = null;
        TransformerConfig? baseConfig = null;
        SwingDetection detection = TokenStore.DefaultSwing;
        try
        {
            if (isBase)
            {
                var preset = TransformerConfig.Base;
                baseConfig = new TransformerConfig(preset.ModelDimension, preset.Blocks, preset.FeedForward, s.Dropout);
            }
            else
            {
                var preset = GeneratorConfig.FromPreset(s.Preset);
                config = new GeneratorConfig(preset.EmbeddingSize, preset.HiddenSize, s.Dropout);
            }

            if (!MidiQualityFilter.TryFromName(s.QualityFilter, out _))
            {
                throw new ArgumentOutOfRangeException(null, $"--quality-filter must be default, seed or off; got '{s.QualityFilter}'.");
            }

            // Null = the pipeline's default.
            if (s.Swing is not null && !TrackSwing.TryParse(s.Swing, out detection))
            {
                throw new ArgumentOutOfRangeException(null, $"--swing must be {TrackSwing.Choices}; got '{s.Swing}'.");
            }

            if (s.Threads is < 1 or > 64)
            {
                throw new ArgumentOutOfRangeException(null, "--threads must be 1 to 64.");
            }

            if (s.Transpose is < 0 or > 12)
            {
                throw new ArgumentOutOfRangeException(null, "--transpose must be 0 to 12 semitones.");
            }

            if (s.Steps < 1 || s.Batch < 1 || s.SeqLen < 65)
            {
                throw new ArgumentOutOfRangeException(null, "--steps and --batch must be ≥ 1 and --seq-len ≥ 65.");
            }

            if (s.Distils && (!(s.DistillTemperature > 0f) || float.IsPositiveInfinity(s.DistillTemperature)))
            {
                throw new ArgumentOutOfRangeException(null, $"--distill-temperature must be positive and finite; got {s.DistillTemperature.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (s.TeacherWeights is { Count: > 0 } weights && (weights.Count != (s.Teachers?.Count ?? 0) || weights.Any(w => !(w >= 0 && double.IsFinite(w))) || !(weights.Sum() > 0)))
            {
                throw new ArgumentOutOfRangeException(null, $"--teacher-weight must be given once per --teacher ({s.Teachers?.Count ?? 0}), each finite and ≥ 0, not all 0; got {weights.Count}.");
            }

            if (s.Distils && !(s.DistillAlpha >= 0f && s.DistillAlpha <= 1f))
            {
                throw new ArgumentOutOfRangeException(null, $"--distill-alpha must be in [0, 1]; got {s.DistillAlpha.ToString(CultureInfo.InvariantCulture)}.");
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        // Teachers are loaded before the corpus so a wrong path fails in a second, not after the tokenisation.
        ISequenceModel? teacher;
        string teacherNote;
        try
        {
            (teacher, teacherNote) = TrainingStart.LoadTeachers(s);
        }
        catch (TrainingStart.TeacherLoadException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }

        TokenStore store;
        try
        {
            store = TokenStore.Load(s.Data, new TokenizerOptions(), s.Cache, swing: detection);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read {s.Data}: {e.Message}");
            return 1;
        }

        // Only train-split files that pass the quality filter (seed §4.1.1; null = off) are learnt from.
        MidiQualityFilter.TryFromName(s.QualityFilter, out var quality);
        string filterName = s.QualityFilter.ToLowerInvariant();
        var train = store.InSplit(DatasetSplit.Train, quality).ToList();
        var source = new ChunkBatchSource(train, s.SeqLen, s.Batch, 64, s.Seed, s.Transpose);
        if (source.BatchCount == 0)
        {
            error.WriteLine($"error: {s.Data} has too little training data for one batch of {s.Batch}.");
            return 1;
        }

        using var logWriter = s.Log is null ? null : new StreamWriter(s.Log, append: true) { AutoFlush = true };
        void Say(string line)
        {
            output.WriteLine(line);
            logWriter?.WriteLine(line);
        }

        var random = new TrainingRandom(s.Seed);
        ISequenceModel model = baseConfig is not null
            ? new TransformerModel(baseConfig, random) { Parallelism = s.Threads }
            : new GeneratorModel(config!, random);
        long parameterCount = model.Parameters.Sum(p => (long)p.Length);
        if (s.Init is not null)
        {
            try
            {
                TrainingStart.CopyWeights(TokenPredictorFile.LoadSequenceModel(s.Init), model);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ModelFormatException or InvalidDataException)
            {
                error.WriteLine($"error: cannot start from {s.Init}: {e.Message}");
                return 1;
            }

            Say($"weights initialised from {s.Init}");
        }

        var options = new TrainerOptions
        {
            MaxSteps = s.Steps,
            Epochs = (int)Math.Min(int.MaxValue, ((long)s.Steps + source.BatchCount - 1) / source.BatchCount),
            LearningRate = s.LearningRate,
            MinimumLearningRate = s.LearningRate / 20,
            WarmupSteps = Math.Min(200, s.Steps / 10),
            ShuffleSeed = s.Seed,
            ProgressInterval = 10,
            CheckpointPath = s.Checkpoint,
            CheckpointInterval = s.Checkpoint is null ? 0 : Math.Max(1, s.CheckpointEvery),
        };
        var trainer = new Trainer<GenerationBatch>(model, options, random);
        if (s.Resume && s.Checkpoint is not null && File.Exists(s.Checkpoint))
        {
            trainer.Resume(s.Checkpoint);
            Say($"resumed from {s.Checkpoint} at step {trainer.Step}");
        }

        string distillNote = teacher is null
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $"; distilled from {teacherNote}, T = {s.DistillTemperature}, α = {s.DistillAlpha}{(s.Personal is { } p ? $"; {p.Description}" : "")}");
        Say(quality is null
            ? "quality filter off: every readable train file is used"
            : $"quality filter {filterName} ({quality.Describe()}) on the train split: {QualityCensus.Take(store, quality, i => store.Files[i].Split == DatasetSplit.Train).Summary()}");
        Say($"swing detection {TrackSwing.Name(store.Swing)}: {train.Count(t => t.IsSwung)} of {train.Count} train tracks tokenized as swung");
        Say(string.Create(CultureInfo.InvariantCulture,
            $"train generation: {store.Files.Count} files ({store.SkippedFiles} unreadable, cache {(store.LoadedFromCache ? "hit" : "built")}), {train.Count} train tracks, {source.ChunkCount} chunks, {source.BatchCount} batches/epoch; preset {s.Preset} ({parameterCount:N0} params), dropout {s.Dropout}, transpose ±{s.Transpose}; {(isBase ? s.Threads : 1)} training thread(s){distillNote}{(s.Teachers?.Count > 0 && s.Preset != "base" ? $" (transformer teachers forward on {s.Threads} thread(s))" : "")}"));

        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // A background run (nohup … &) ignores SIGINT, so SIGTERM (kill) also stops it cleanly: checkpoint, then model.
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cts.Cancel();
        });
        var acceptance = s.Personal is { Logged.Count: > 0 } personal
            ? new AcceptanceTerm(personal.Logged, personal.Lambda, s.SeqLen, s.Batch)
            : null;
        var distill = teacher is null ? null : new DistillationLossStep(model, teacher, s.DistillTemperature, s.DistillAlpha, acceptance);
        Func<GenerationBatch, BatchResult> step = distill is not null ? distill.Run : new GeneratorLossStep(model).Run;
        // With a teacher the loss is the blend, whose exponent is no perplexity: the line shows the last batch's two
        // terms and the perplexity of its hard-label cross-entropy instead.
        string Terms() => distill is null
            ? ""
            : string.Create(CultureInfo.InvariantCulture, $" (ce {distill.LastCrossEntropy:F4}, kd {distill.LastDistillation:F4}{(acceptance is null ? "" : $", accept {distill.LastAcceptance:F4}")})");
        double Perplexity(double loss) => Math.Exp(distill is null ? loss : distill.LastCrossEntropy);
        var progress = new SyncProgress(p => Say(string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps} epoch {p.Epoch} loss {p.Loss:F4}{Terms()} ppl {Perplexity(p.Loss):F2} lr {p.LearningRate:G3} |g| {p.GradientNorm:F2} {p.ItemsPerSecond:F0} tok/s elapsed {p.Elapsed:hh\\:mm\\:ss} eta {p.EstimatedRemaining:hh\\:mm\\:ss}")));
        TrainingResult result;
        try
        {
            result = trainer.Run(source, step, progress, cts.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        var file = model is TransformerModel transformer ? transformer.ToModelFile() : ((GeneratorModel)model).ToModelFile();
        file.Metadata.Extra["preset"] = s.Preset;
        file.Metadata.Extra["steps"] = trainer.Step;
        file.Metadata.Extra["seed"] = s.Seed.ToString(CultureInfo.InvariantCulture);
        file.Metadata.Extra["transpose"] = s.Transpose;
        file.Metadata.Extra["data"] = Path.GetFileName(Path.TrimEndingDirectorySeparator(s.Data));
        // The full path lets `eval generation` train its baseline on the same folder and keep training's splits.
        file.Metadata.Extra[TrainingFolder.Key] = TrainingFolder.Normalize(s.Data);
        file.Metadata.Extra["quality_filter"] = filterName;
        // The model learns the tokens this setting produces, so `eval generation` tokenizes its data the same way.
        file.Metadata.Extra[TrackSwing.ExtraKey] = TrackSwing.Name(store.Swing);
        if (s.Init is not null)
        {
            file.Metadata.Extra["init"] = Path.GetFileName(s.Init);
        }
        if (teacher is not null)
        {
            file.Metadata.Extra["teacher"] = teacherNote;
            file.Metadata.Extra["distill_temperature"] = s.DistillTemperature;
            file.Metadata.Extra["distill_alpha"] = s.DistillAlpha;
        }

        string? dir = Path.GetDirectoryName(s.Output);
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }

        file.Save(s.Output);
        Say(string.Create(CultureInfo.InvariantCulture,
            $"{(result.Cancelled ? "cancelled" : "done")} at step {trainer.Step}, last loss {result.LastLoss:F4}; model written to {s.Output}{(result.CheckpointWritten ? $", checkpoint {s.Checkpoint}" : "")}"));
        return 0;
    }

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
