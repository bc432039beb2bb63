using System.CommandLine;
using System.Globalization;
using NomadMuse.Classification.Training;

namespace NomadMuse.Studio.Commands;

/// <summary><c>train classifier</c>: renders the data (or reuses it) and trains the instrument classifier in two phases.</summary>
internal static class TrainClassifierCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "Data root: train/ and test/ are rendered here when missing.", DefaultValueFactory = _ => new DirectoryInfo("work-data/classifier") };
        var output = new Option<FileInfo>("--out") { Description = "Model file (.nmm) to write at the end.", DefaultValueFactory = _ => new FileInfo("work-data/classifier/classifier.nmm") };
        var prepareOnly = new Option<bool>("--prepare-only") { Description = "Render the data and stop." };
        var rerender = new Option<bool>("--rerender") { Description = "Render the data again even if labels.csv exists." };
        var steps = new Option<int>("--steps") { Description = "Phase-1 optimizer steps (all classes).", DefaultValueFactory = _ => 3000 };
        var drumSteps = new Option<int>("--drum-steps") { Description = "Phase-2 steps (drum specialisation, backbone frozen).", DefaultValueFactory = _ => 400 };
        var batch = new Option<int>("--batch") { Description = "Patches per batch.", DefaultValueFactory = _ => 32 };
        var lr = new Option<float>("--lr") { Description = "Peak learning rate of phase 1.", DefaultValueFactory = _ => 2e-3f };
        var mixup = new Option<float>("--mixup") { Description = "Mixup α (0 = off).", DefaultValueFactory = _ => 0.2f };
        var noAugment = new Option<bool>("--no-augment") { Description = "Turn off pitch/stretch/gain/noise augmentation." };
        var checkpoint = new Option<FileInfo?>("--checkpoint") { Description = "Checkpoint prefix (files <prefix>.1.ckpt, .1.nmm, .phase1.nmm, .2.ckpt, .2.nmm)." };
        var every = new Option<int>("--checkpoint-every") { Description = "Steps between checkpoints.", DefaultValueFactory = _ => 200 };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoints if they exist." };
        var seed = new Option<ulong>("--seed") { Description = "Seed for initialisation, sampling and augmentation.", DefaultValueFactory = _ => 1UL };
        var log = new Option<FileInfo?>("--log") { Description = "Also append progress lines to this file." };
        var command = new Command("classifier", "Train the instrument classifier (renders SoundFont / drum-kit / speech data first).");
        foreach (var option in new Option[] { data, output, prepareOnly, rerender, steps, drumSteps, batch, lr, mixup, noAugment, checkpoint, every, resume, seed, log })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            TextWriter console = parse.InvocationConfiguration.Output;
            using var logWriter = parse.GetValue(log) is { } logFile ? new StreamWriter(logFile.FullName, append: true) { AutoFlush = true } : null;
            void Say(string line)
            {
                string stamped = $"{DateTime.UtcNow:HH:mm:ss} {line}";
                console.WriteLine(stamped);
                logWriter?.WriteLine(stamped);
            }

            var options = new ClassifierTrainingOptions
            {
                Steps = parse.GetValue(steps), DrumSteps = parse.GetValue(drumSteps), BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr), MixupAlpha = parse.GetValue(mixup), Augment = !parse.GetValue(noAugment),
                Seed = parse.GetValue(seed), CheckpointPath = parse.GetValue(checkpoint)?.FullName,
                CheckpointInterval = Math.Max(1, parse.GetValue(every)), Resume = parse.GetValue(resume),
            };
            if (options.Steps < 1 || options.DrumSteps < 0 || options.BatchSize < 2 || !(options.LearningRate > 0) || options.MixupAlpha < 0)
            {
                parse.InvocationConfiguration.Error.WriteLine("error: --steps ≥ 1, --drum-steps ≥ 0, --batch ≥ 2, --lr > 0 and --mixup ≥ 0 are required.");
                return 2;
            }

            (string train, _) = PrepareClassifierData.Ensure(parse.GetValue(data)!.FullName, parse.GetValue(rerender), Say);
            if (parse.GetValue(prepareOnly))
            {
                return 0;
            }

            ClipCorpus corpus = ClipCorpus.Load(train, log: Say);
            Say($"training corpus: {corpus.Count} clips from {train}");
            using var cts = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                cts.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                var model = new ClassifierTrainer(corpus, options, Say).Train(cts.Token);
                string path = parse.GetValue(output)!.FullName;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var file = model.ToModelFile();
                file.Metadata.Extra["steps"] = options.Steps;
                file.Metadata.Extra["drum_steps"] = options.DrumSteps;
                file.Metadata.Extra["batch"] = options.BatchSize;
                file.Metadata.Extra["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture);
                file.Metadata.Extra["training_data"] = "FluidR3_GM programs + kits, AVL Red Zeppelin, 7 Hydrogen kits, eSpeak NG voices (see docs/models.md)";
                file.Save(path);
                Say($"model written to {path} ({new FileInfo(path).Length:N0} bytes)");
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }

            return 0;
        });
        return command;
    }
}
