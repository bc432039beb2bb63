using System.Globalization;
using System.Security.Cryptography;
using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;
using NomadMuse.Personalization;

namespace NomadMuse.Studio.Commands;

/// <summary>The logic of the <c>personalize</c> commands (no System.CommandLine in it).</summary>
internal static class PersonalizeRunner
{
    /// <summary>Opens the key: a 32-byte key file, else a passphrase (PBKDF2 with the log's salt).</summary>
    public static SessionLogKey OpenKey(string? keyFile, string? passphrase)
    {
        if (keyFile is not null && passphrase is not null)
        {
            throw new ArgumentException("give --key-file or --passphrase, not both");
        }

        if (keyFile is not null)
        {
            byte[] bytes = File.ReadAllBytes(keyFile);
            try
            {
                return bytes.Length == SessionLogKey.KeyBytes
                    ? SessionLogKey.FromBytes(bytes)
                    : throw new ArgumentException($"--key-file {keyFile} holds {bytes.Length} bytes; a key is exactly {SessionLogKey.KeyBytes}");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }

        return passphrase is not null ? SessionLogKey.FromPassphrase(passphrase) : throw new ArgumentException("give --key-file or --passphrase");
    }

    public static GeneratorModel LoadModel(string? path) => path is null ? MuseGenerator.LoadDefault().Model : GeneratorModel.Load(path);

    /// <summary>
    /// Simulates a musician who accepts what sounds like <paramref name="prefer"/> and rejects what sounds like
    /// <paramref name="reject"/>: each session logs <paramref name="perSession"/> excerpts of
    /// <paramref name="tokens"/> tokens from random train-split tracks of each corpus (accepted, rejected).
    /// </summary>
    public static void Simulate(TokenStore store, string prefer, string reject, SessionLog log, int sessions, int perSession, int tokens, ulong seed, TextWriter output)
    {
        var liked = TrainTracks(store, prefer, tokens);
        var disliked = TrainTracks(store, reject, tokens);
        var random = new TrainingRandom(seed);
        for (int s = 0; s < sessions; s++)
        {
            log.BeginSession();
            for (int i = 0; i < perSession; i++)
            {
                Append(log, liked, random, tokens, SequenceOutcome.Accepted);
                Append(log, disliked, random, tokens, SequenceOutcome.Rejected);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"log: {log.SessionCount} sessions, {log.Sequences.Count} sequences ({liked.Count} '{prefer}' and {disliked.Count} '{reject}' train tracks to draw from); γ = {log.Gamma:G4}"));
    }

    private static List<TrackSequence> TrainTracks(TokenStore store, string corpus, int tokens)
    {
        var list = store.InSplit(DatasetSplit.Train).Where(t => CorpusOf(store, t) == corpus && t.Tokens.Length > 2).ToList();
        return list.Count > 0 ? list : throw new ArgumentException($"no train-split track of corpus '{corpus}' in the data folder (corpora: {string.Join(", ", store.Files.Select(f => CorpusOfPath(f.RelativePath)).Distinct())})");
    }

    private static void Append(SessionLog log, List<TrackSequence> tracks, TrainingRandom random, int tokens, SequenceOutcome outcome)
    {
        var track = tracks[random.NextInt(tracks.Count)];
        int start = track.Tokens.Length > tokens ? random.NextInt(track.Tokens.Length - tokens + 1) : 0;
        int n = Math.Min(tokens, track.Tokens.Length - start);
        int[] excerpt = new int[n];
        for (int i = 0; i < n; i++)
        {
            excerpt[i] = track.Tokens[start + i];
        }

        log.Append(excerpt, outcome, track.Instrument, track.TrackType);
    }

    public static string? CorpusOf(TokenStore store, TrackSequence t) => CorpusOfPath(store.Files[t.FileIndex].RelativePath);

    private static string? CorpusOfPath(string relative)
    {
        int slash = relative.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? relative[..slash] : null;
    }

    /// <summary>
    /// Scores base, adapter alone and the γ blend on the test split: every corpus on its own (the preferred one first
    /// when named), then all together.
    /// </summary>
    public static void Evaluate(GeneratorModel model, PersonalAdapter adapter, double gamma, TokenStore store, string? corpus, int maxTokens, TextWriter output)
    {
        var test = store.InSplit(DatasetSplit.Test).ToList();
        var groups = test.GroupBy(t => CorpusOf(store, t) ?? "(top level)")
            .OrderBy(g => g.Key == corpus ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ($"test {g.Key}{(g.Key == corpus ? " (preferred)" : "")}", g.ToList())).ToList();
        groups.Add(("test all corpora", test));
        double share = PersonalAdapter.PersonalShare(gamma);
        foreach (var (name, tracks) in groups)
        {
            var b = PersonalAdapterEvaluator.Score(model, null, 0, tracks, maxTokens);
            var a = PersonalAdapterEvaluator.Score(model, adapter, 1, tracks, maxTokens);
            var m = PersonalAdapterEvaluator.Score(model, adapter, share, tracks, maxTokens);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {tracks.Count} tracks, {b.Count:N0} predictions"));
            Line(output, "  frozen model", b);
            Line(output, "  + adapter (alone)", a);
            Line(output, string.Create(CultureInfo.InvariantCulture, $"  blend γ = {gamma:G4} (share {share:P1})"), m);
        }
    }

    private static void Line(TextWriter output, string name, PredictionScore s) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-34} ppl {s.Perplexity,8:F3}  top1 {s.Top1,6:P1}  top5 {s.Top5,6:P1}"));

    public static PersonalAdapterTrainingResult Train(GeneratorModel model, SessionLog log, PersonalAdapterTrainingOptions options, TextWriter output)
    {
        var started = DateTime.UtcNow;
        var result = PersonalAdapterTrainer.Train(model, log, options, new SyncProgress(p => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step {p.Step}/{p.TotalSteps} epoch {p.Epoch} loss {p.Loss:F4} lr {p.LearningRate:G3} |g| {p.GradientNorm:F3} {p.ItemsPerSecond:N0} tok/s eta {p.EstimatedRemaining:mm\\:ss}"))));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained rank {result.Adapter.Rank} ({result.Adapter.ParameterCount:N0} parameters) on {result.AcceptedTokens:N0} accepted + {result.RejectedTokens:N0} rejected predictions ({options.Rejected}), {result.Training.Steps} steps, last loss {result.Training.LastLoss:F4}, {(DateTime.UtcNow - started).TotalSeconds:F1} s"));
        return result;
    }

    /// <summary>Reports synchronously on the training thread.</summary>
    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    /// <summary>Errors a command reports as exit code 1 (input) rather than a crash.</summary>
    public static bool IsInputError(Exception e) =>
        e is IOException or UnauthorizedAccessException or ModelFormatException or SessionLogFormatException or CryptographicException or AdapterBaseMismatchException;
}
