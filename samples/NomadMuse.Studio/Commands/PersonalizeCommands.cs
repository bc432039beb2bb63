using System.CommandLine;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;
using NomadMuse.Personalization;

namespace NomadMuse.Studio.Commands;

/// <summary><c>personalize simulate|train|eval</c>: the personal adapter of seed §3.2.6 from an encrypted session log.</summary>
internal static class PersonalizeCommands
{
    public static Command Create() => new("personalize", "Train and evaluate a personal adapter from an encrypted session log.")
    {
        CreateSimulate(), CreateTrain(), CreateEval(),
    };

    private static Option<FileInfo> LogOption() => new("--log") { Description = "Encrypted session log (.nmlog).", Required = true };

    private static Option<FileInfo?> KeyFileOption() => new("--key-file") { Description = "File holding the log's 32-byte key." };

    private static Option<string?> PassphraseOption() => new("--passphrase") { Description = "Passphrase of the log (PBKDF2, 600,000 iterations)." };

    private static Option<FileInfo?> ModelOption() => new("--model") { Description = "The frozen generator (.nmm); default: the embedded model." };

    private static Command CreateSimulate()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "MIDI folder with one sub-folder per corpus.", Required = true };
        var prefer = new Option<string>("--prefer") { Description = "Corpus whose excerpts the simulated musician accepts.", Required = true };
        var reject = new Option<string>("--reject") { Description = "Corpus whose excerpts they reject.", Required = true };
        var sessions = new Option<int>("--sessions") { Description = "Sessions to log.", DefaultValueFactory = _ => 20 };
        var perSession = new Option<int>("--per-session") { Description = "Accepted and rejected excerpts per session (each).", DefaultValueFactory = _ => 4 };
        var tokens = new Option<int>("--tokens") { Description = "Tokens per excerpt.", DefaultValueFactory = _ => 256 };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 1 };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Token cache folder." };
        var log = LogOption();
        var keyFile = KeyFileOption();
        var passphrase = PassphraseOption();
        var command = new Command("simulate", "Write sessions of a simulated musician (accepts one corpus, rejects another, train splits only) into a log.");
        foreach (var o in new Option[] { data, prefer, reject, sessions, perSession, tokens, seed, cache, log, keyFile, passphrase })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => Guard(parse.InvocationConfiguration.Error, () =>
        {
            if (parse.GetValue(sessions) is < 1 or > 10_000 || parse.GetValue(perSession) is < 1 or > 1000 || parse.GetValue(tokens) is < 2 or > 65_535)
            {
                throw new ArgumentException("--sessions 1–10000, --per-session 1–1000, --tokens 2–65535");
            }

            var store = TokenStore.Load(parse.GetValue(data)!.FullName, new TokenizerOptions(), parse.GetValue(cache)?.FullName ?? TrainGenerationRunner.DefaultCache);
            using var key = PersonalizeRunner.OpenKey(parse.GetValue(keyFile)?.FullName, parse.GetValue(passphrase));
            using var sessionLog = SessionLog.Open(parse.GetValue(log)!.FullName, key);
            PersonalizeRunner.Simulate(store, parse.GetValue(prefer)!, parse.GetValue(reject)!, sessionLog, parse.GetValue(sessions),
                parse.GetValue(perSession), parse.GetValue(tokens), parse.GetValue(seed), parse.InvocationConfiguration.Output);
        }));
        return command;
    }

    private static Command CreateTrain()
    {
        var output = new Option<FileInfo>("--out") { Description = "Adapter file to write (.nmm).", Required = true };
        var rank = new Option<int>("--rank") { DefaultValueFactory = _ => PersonalAdapter.DefaultRank };
        var epochs = new Option<int>("--epochs") { DefaultValueFactory = _ => new PersonalAdapterTrainingOptions().Epochs };
        var lr = new Option<float>("--lr") { DefaultValueFactory = _ => new PersonalAdapterTrainingOptions().LearningRate };
        var seed = new Option<ulong>("--seed") { DefaultValueFactory = _ => 1 };
        var rejected = new Option<string>("--rejected") { Description = "no-increase (default), down-weighted or unlikelihood.", DefaultValueFactory = _ => "no-increase" };
        var log = LogOption();
        var keyFile = KeyFileOption();
        var passphrase = PassphraseOption();
        var model = ModelOption();
        var command = new Command("train", "Train a personal adapter on the frozen generator from a session log.");
        foreach (var o in new Option[] { log, keyFile, passphrase, model, output, rank, epochs, lr, seed, rejected })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => Guard(parse.InvocationConfiguration.Error, () =>
        {
            var options = new PersonalAdapterTrainingOptions
            {
                Rank = parse.GetValue(rank),
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(lr),
                Seed = parse.GetValue(seed),
                Rejected = parse.GetValue(rejected)!.ToUpperInvariant() switch
                {
                    "UNLIKELIHOOD" => RejectedHandling.Unlikelihood,
                    "DOWN-WEIGHTED" => RejectedHandling.DownWeighted,
                    "NO-INCREASE" => RejectedHandling.NoIncrease,
                    _ => throw new ArgumentException($"--rejected must be no-increase, down-weighted or unlikelihood (got '{parse.GetValue(rejected)}')"),
                },
            };
            options.Validate();
            var frozen = PersonalizeRunner.LoadModel(parse.GetValue(model)?.FullName);
            using var key = PersonalizeRunner.OpenKey(parse.GetValue(keyFile)?.FullName, parse.GetValue(passphrase));
            using var sessionLog = SessionLog.Open(parse.GetValue(log)!.FullName, key);
            var result = PersonalizeRunner.Train(frozen, sessionLog, options, parse.InvocationConfiguration.Output);
            string path = parse.GetValue(output)!.FullName;
            result.Adapter.Save(path, frozen);
            parse.InvocationConfiguration.Output.WriteLine($"adapter written to {path} ({new FileInfo(path).Length:N0} bytes); this log's γ = {sessionLog.Gamma:G4} ({sessionLog.SessionCount} sessions)");
        }));
        return command;
    }

    private static Command CreateEval()
    {
        var adapter = new Option<FileInfo>("--adapter") { Description = "Adapter file (.nmm).", Required = true };
        var data = new Option<DirectoryInfo>("--data") { Description = "MIDI folder; its test split is scored.", Required = true };
        var corpus = new Option<string?>("--corpus") { Description = "Also score this corpus's test split on its own (the preferred one)." };
        var gamma = new Option<double>("--gamma") { Description = "γ of the blend (0.2 = many sessions).", DefaultValueFactory = _ => AdapterWeighting.MaxGamma };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Score at most N predictions per track (0 = all).", DefaultValueFactory = _ => 0 };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Token cache folder." };
        var model = ModelOption();
        var command = new Command("eval", "Perplexity and top-1/5 of the frozen generator, the adapter alone and the γ blend on a test split.");
        foreach (var o in new Option[] { adapter, data, corpus, gamma, maxTokens, cache, model })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => Guard(parse.InvocationConfiguration.Error, () =>
        {
            var frozen = PersonalizeRunner.LoadModel(parse.GetValue(model)?.FullName);
            var personal = PersonalAdapter.Load(parse.GetValue(adapter)!.FullName, frozen);
            var store = TokenStore.Load(parse.GetValue(data)!.FullName, new TokenizerOptions(), parse.GetValue(cache)?.FullName ?? TrainGenerationRunner.DefaultCache);
            PersonalizeRunner.Evaluate(frozen, personal, parse.GetValue(gamma), store, parse.GetValue(corpus), parse.GetValue(maxTokens), parse.InvocationConfiguration.Output);
        }));
        return command;
    }

    /// <summary>Runs a command body: bad arguments → exit 2, unreadable or mismatched input → exit 1, each with one error line.</summary>
    private static int Guard(TextWriter error, Action body)
    {
        try
        {
            body();
            return 0;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (PersonalizeRunner.IsInputError(e))
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
