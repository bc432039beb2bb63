using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Tokens;
using NomadMuse.Generation.Training;
using NomadMuse.Studio.Commands;

namespace NomadMuse.Personalization.Tests;

public sealed class PersonalizeRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-personalize-" + Guid.NewGuid().ToString("N"));

    public PersonalizeRunnerTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Two corpora of 30 one-track files each: high pentatonic lines ("liked") and low chromatic ones ("other").</summary>
    private TokenStore Corpora()
    {
        var random = new TrainingRandom(2);
        foreach (var (corpus, make) in new (string, Func<TrainingRandom, int[]>)[] { ("liked", r => SyntheticUser.Preferred(r)), ("other", r => SyntheticUser.Disliked(r)) })
        {
            Directory.CreateDirectory(Path.Combine(_dir, "midi", corpus));
            for (int i = 0; i < 30; i++)
            {
                var notes = new MuseTokenizer().Decode(make(random)).Notes;
                GeneratedMidi.ToMidiFile(notes).Write(Path.Combine(_dir, "midi", corpus, $"{i:D2}.mid"));
            }
        }

        return TokenStore.Load(Path.Combine(_dir, "midi"), new TokenizerOptions(), Path.Combine(_dir, "cache"));
    }

    [Fact]
    public void Simulate_LogsAcceptedFromTheLikedCorpusAndRejectedFromTheOther_TrainSplitOnly()
    {
        var store = Corpora();
        using var key = SessionLogKey.FromBytes(new byte[32]);
        using var log = SessionLog.Open(Path.Combine(_dir, "u.nmlog"), key);
        var output = new StringWriter();
        PersonalizeRunner.Simulate(store, "liked", "other", log, sessions: 3, perSession: 2, tokens: 40, seed: 1, output);

        Assert.Equal(3, log.SessionCount);
        Assert.Equal(12, log.Sequences.Count);
        Assert.Equal(6, log.Sequences.Count(s => s.Outcome == SequenceOutcome.Accepted));
        Assert.All(log.Sequences, s => Assert.True(s.Tokens.Length is > 2 and <= 40));
        var trainTokens = store.InSplit(DatasetSplit.Train).Select(t => (PersonalizeRunner.CorpusOf(store, t), t.Tokens)).ToList();
        foreach (var s in log.Sequences)
        {
            string corpus = s.Outcome == SequenceOutcome.Accepted ? "liked" : "other";
            Assert.Contains(trainTokens, t => t.Item1 == corpus && Contains(t.Tokens, s.Tokens));
        }

        Assert.Contains("3 sessions, 12 sequences", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Simulate_UnknownCorpus_NamesTheCorporaThereAre()
    {
        var store = Corpora();
        using var key = SessionLogKey.FromBytes(new byte[32]);
        using var log = SessionLog.Open(Path.Combine(_dir, "u.nmlog"), key);
        var ex = Assert.Throws<ArgumentException>(() => PersonalizeRunner.Simulate(store, "jazz", "other", log, 1, 1, 40, 1, TextWriter.Null));
        Assert.Contains("'jazz'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("liked", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenKey_KeyFileOfWrongLengthOrBoth_SayWhat()
    {
        string keyFile = Path.Combine(_dir, "k");
        File.WriteAllBytes(keyFile, new byte[31]);
        Assert.Contains("31 bytes", Assert.Throws<ArgumentException>(() => PersonalizeRunner.OpenKey(keyFile, null)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PersonalizeRunner.OpenKey(keyFile, "x"));
        Assert.Throws<ArgumentException>(() => PersonalizeRunner.OpenKey(null, null));
        File.WriteAllBytes(keyFile, new byte[32]);
        using var key = PersonalizeRunner.OpenKey(keyFile, null);
        Assert.NotNull(key);
    }

    [Fact]
    public void TrainAndEvaluate_PrintProgressAndEveryCorpus()
    {
        var store = Corpora();
        using var key = SessionLogKey.FromBytes(new byte[32]);
        using var log = SessionLog.Open(Path.Combine(_dir, "u.nmlog"), key);
        PersonalizeRunner.Simulate(store, "liked", "other", log, 4, 2, 60, 1, TextWriter.Null);
        var model = new GeneratorModel(new GeneratorConfig(16, 24, 0f), new TrainingRandom(1));
        var output = new StringWriter();
        var result = PersonalizeRunner.Train(model, log, new PersonalAdapterTrainingOptions { Epochs = 3, BatchTokens = 64, ProgressInterval = 1 }, output);
        Assert.Contains("step 1/", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("trained rank 16", output.ToString(), StringComparison.Ordinal);

        var eval = new StringWriter();
        PersonalizeRunner.Evaluate(model, result.Adapter, 0.2, store, "liked", 0, eval);
        string text = eval.ToString();
        Assert.StartsWith("test liked (preferred)", text, StringComparison.Ordinal);
        Assert.Contains("test other", text, StringComparison.Ordinal);
        Assert.Contains("test all corpora", text, StringComparison.Ordinal);
        Assert.Contains("blend γ = 0.2 (share 20.0 %)", text, StringComparison.Ordinal);
    }

    private static bool Contains(ushort[] haystack, ushort[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return true;
            }
        }

        return false;
    }
}
