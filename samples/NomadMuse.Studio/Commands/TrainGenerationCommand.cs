using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;

namespace NomadMuse.Studio.Commands;

/// <summary><c>train generation</c>: trains the token generator on a MIDI folder (train split), with checkpoints.</summary>
internal static class TrainGenerationCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "MIDI folder (scanned recursively; its train split is used).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Model file (.nmm) to write at the end.", Required = true };
        var preset = new Option<string>("--preset") { Description = "student (≈212k params), fusion (≈299k) — GRU/attention — or base (≈2.5M, transformer).", DefaultValueFactory = _ => "student" };
        var steps = new Option<int>("--steps") { Description = "Optimizer steps.", DefaultValueFactory = _ => 2000 };
        var batch = new Option<int>("--batch") { Description = "Chunks per batch.", DefaultValueFactory = _ => 16 };
        var seqLen = new Option<int>("--seq-len") { Description = "Tokens per chunk (chunks overlap by 64).", DefaultValueFactory = _ => 512 };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate (warm-up + cosine).", DefaultValueFactory = _ => 2e-3f };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Checkpoint file (written every --checkpoint-every steps and on Ctrl+C)." };
        var every = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints.", DefaultValueFactory = _ => 200 };
        var resume = new Option<bool>("--resume") { Description = "Continue from --checkpoint if it exists." };
        var seed = new Option<ulong>("--seed") { Description = "Seed for initialisation, dropout and batch order.", DefaultValueFactory = _ => 1UL };
        var log = new Option<FileInfo?>("--log") { Description = "Also append progress lines to this file." };
        var dropout = new Option<float>("--dropout") { Description = "Dropout after GRU1 and GRU2 (base: on each residual branch) while training.", DefaultValueFactory = _ => 0.1f };
        var threads = new Option<int>("--threads") { Description = "Threads for the base transformer's training GEMMs (GRU presets train on 1).", DefaultValueFactory = _ => 1 };
        var transpose = new Option<int>("--transpose") { Description = "Pitch augmentation of tonal chunks: ± this many semitones (0 = off).", DefaultValueFactory = _ => 2 };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Token cache folder (default: <temp>/nomadmuse/tokens)." };
        var command = new Command("generation", "Train the MIDI token generator.");
        foreach (var option in new Option[] { data, output, preset, steps, batch, seqLen, lr, checkpoint, every, resume, seed, log, cache, dropout, transpose, threads })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Run(new Settings(
            parse.GetValue(data)!.FullName, parse.GetValue(output)!.FullName, parse.GetValue(preset)!, parse.GetValue(steps),
            parse.GetValue(batch), parse.GetValue(seqLen), parse.GetValue(lr), parse.GetValue(checkpoint)?.FullName,
            parse.GetValue(every), parse.GetValue(resume), parse.GetValue(seed), parse.GetValue(log)?.FullName,
            parse.GetValue(cache)?.FullName ?? DefaultCache, parse.GetValue(dropout), parse.GetValue(transpose), parse.GetValue(threads)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static string DefaultCache => Path.Combine(Path.GetTempPath(), "nomadmuse", "tokens");

    internal sealed record Settings(string Data, string Output, string Preset, int Steps, int Batch, int SeqLen, float LearningRate,
        string? Checkpoint, int CheckpointEvery, bool Resume, ulong Seed, string? Log, string Cache,
        float Dropout = 0.1f, int Transpose = 2, int Threads = 1);

    public static int Run(Settings s, TextWriter output, TextWriter error)
    {
        bool isBase = string.Equals(s.Preset, "base", StringComparison.OrdinalIgnoreCase);
        GeneratorConfig? config = null;
        TransformerConfig? baseConfig = null;
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

            if (s.Threads is < 1 or > 64)
            {
                throw new ArgumentOutOfRangeException(nameof(s), "--threads must be 1 to 64.");
            }
            if (s.Transpose is < 0 or > 12)
            {
                throw new ArgumentOutOfRangeException(nameof(s), "--transpose must be 0 to 12 semitones.");
            }

            if (s.Steps < 1 || s.Batch < 1 || s.SeqLen < 65)
            {
                throw new ArgumentOutOfRangeException(nameof(s), "--steps and --batch must be ≥ 1 and --seq-len ≥ 65.");
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }

        TokenStore store;
        try
        {
            store = TokenStore.Load(s.Data, new TokenizerOptions(), s.Cache);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot read {s.Data}: {e.Message}");
            return 1;
        }

        var train = store.InSplit(DatasetSplit.Train).ToList();
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

        Say(string.Create(CultureInfo.InvariantCulture,
            $"train generation: {store.Files.Count} files ({store.SkippedFiles} unreadable, cache {(store.LoadedFromCache ? "hit" : "built")}), {train.Count} train tracks, {source.ChunkCount} chunks, {source.BatchCount} batches/epoch; preset {s.Preset} ({parameterCount:N0} params), dropout {s.Dropout}, transpose ±{s.Transpose}; {(isBase ? s.Threads : 1)} training thread(s)"));

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
        var step = new GeneratorLossStep(model);
        var progress = new SyncProgress(p => Say(string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps} epoch {p.Epoch} loss {p.Loss:F4} ppl {Math.Exp(p.Loss):F2} lr {p.LearningRate:G3} |g| {p.GradientNorm:F2} {p.ItemsPerSecond:F0} tok/s elapsed {p.Elapsed:hh\\:mm\\:ss} eta {p.EstimatedRemaining:hh\\:mm\\:ss}")));
        TrainingResult result;
        try
        {
            result = trainer.Run(source, step.Run, progress, cts.Token);
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
