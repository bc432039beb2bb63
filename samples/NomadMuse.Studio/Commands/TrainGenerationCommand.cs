using System.CommandLine;
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
        var teacher = new Option<FileInfo[]>("--teacher") { Description = "Distil from this frozen generator (.nmm, e.g. the base transformer); repeat for an ensemble (the fusion: base, then student)." };
        var teacherWeight = new Option<double[]>("--teacher-weight") { Description = "Weight of each --teacher in the ensemble, in order (seed: 0.5 base, 0.3 student); normalised; default equal." };
        var sessions = new Option<FileInfo?>("--sessions") { Description = "A user's encrypted session log (.nmlog): adds λ·L_accept on its sequences and, with --adapter, γ·P_personal to the ensemble." };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "File holding the session log's 32-byte key." };
        var passphrase = new Option<string?>("--passphrase") { Description = "Passphrase of the session log." };
        var adapter = new Option<FileInfo?>("--adapter") { Description = "The user's personal adapter (.nmm); its base must be one of the --teacher files (the student)." };
        var init = new Option<FileInfo?>("--init") { Description = "Start from this trained model's weights (same preset; an INT8 file is dequantised), e.g. to fine-tune it against teachers. A --resume checkpoint takes precedence." };
        var lambda = new Option<float>("--acceptance-weight") { Description = "λ of the acceptance term (with --sessions).", DefaultValueFactory = _ => 0.1f };
        var temperature = new Option<float>("--distill-temperature") { Description = "Distillation temperature T (with --teacher).", DefaultValueFactory = _ => 3f };
        var alpha = new Option<float>("--distill-alpha") { Description = "Weight of the hard-label cross-entropy; 1 − α goes to T²·KL to the teacher (with --teacher).", DefaultValueFactory = _ => 0.3f };
        var qualityFilter = new Option<string>("--quality-filter")
        {
            Description = "Which train-split files to learn from: default (the project's quality filter), seed (§4.1.1 literally) or off. See `inspect corpus`.",
            DefaultValueFactory = _ => "default",
        };
        var swing = new Option<string>("--swing")
        {
            Description = "Per-track swing detection before quantising: detect (swung tracks' onsets are straightened by their estimated ratio) or off; recorded in the model as extra.swing_detection. See `inspect corpus`.",
            DefaultValueFactory = _ => TrackSwing.Name(TokenStore.DefaultSwing),
        };
        var command = new Command("generation", "Train the MIDI token generator.");
        foreach (var option in new Option[] { data, output, preset, steps, batch, seqLen, lr, checkpoint, every, resume, seed, log, cache, dropout, transpose, threads, teacher, teacherWeight, temperature, alpha, sessions, keyFile, passphrase, adapter, lambda, init, qualityFilter, swing })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            string[] teachers = [.. (parse.GetValue(teacher) ?? []).Select(f => f.FullName)];
            TrainGenerationRunner.PersonalTerms? personal = null;
            if (parse.GetValue(sessions) is { } sessionLog)
            {
                try
                {
                    personal = FusionPersonalTerms.Load(sessionLog.FullName, parse.GetValue(keyFile)?.FullName, parse.GetValue(passphrase),
                        parse.GetValue(adapter)?.FullName, teachers, parse.GetValue(lambda));
                }
                catch (FusionPersonalTerms.LoadException e)
                {
                    error.WriteLine($"error: {e.Message}");
                    return 1;
                }
            }
            else if (parse.GetValue(adapter) is not null)
            {
                error.WriteLine("error: --adapter needs --sessions (γ comes from the log's session count).");
                return 2;
            }

            return TrainGenerationRunner.Run(new TrainGenerationRunner.Settings(
                parse.GetValue(data)!.FullName, parse.GetValue(output)!.FullName, parse.GetValue(preset)!, parse.GetValue(steps),
                parse.GetValue(batch), parse.GetValue(seqLen), parse.GetValue(lr), parse.GetValue(checkpoint)?.FullName,
                parse.GetValue(every), parse.GetValue(resume), parse.GetValue(seed), parse.GetValue(log)?.FullName,
                parse.GetValue(cache)?.FullName ?? TrainGenerationRunner.DefaultCache, parse.GetValue(dropout), parse.GetValue(transpose), parse.GetValue(threads),
                teachers, parse.GetValue(teacherWeight), parse.GetValue(temperature), parse.GetValue(alpha), personal, parse.GetValue(init)?.FullName,
                parse.GetValue(qualityFilter)!, parse.GetValue(swing)!),
                parse.InvocationConfiguration.Output, error);
        });
        return command;
    }
}
