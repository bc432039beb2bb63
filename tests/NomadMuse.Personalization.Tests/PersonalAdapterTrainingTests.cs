using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;

namespace NomadMuse.Personalization.Tests;

public sealed class PersonalAdapterTrainingTests : IDisposable
{
    private static readonly byte[] RawKey = [.. Enumerable.Range(1, SessionLogKey.KeyBytes).Select(i => (byte)(i * 13))];
    private static readonly Lazy<GeneratorModel> Shipped = new(() => MuseGenerator.LoadDefault().Model);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "nm-adapter-train-" + Guid.NewGuid().ToString("N"));

    public PersonalAdapterTrainingTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private SessionLog UserLog(int sessions, ulong seed)
    {
        var key = SessionLogKey.FromBytes(RawKey);
        var log = SessionLog.Open(Path.Combine(_dir, $"user{seed}.nmlog"), key);
        SyntheticUser.Play(log, sessions, seed);
        return log;
    }

    [Theory]
    [InlineData(RejectedHandling.DownWeighted)]
    [InlineData(RejectedHandling.NoIncrease)]
    [InlineData(RejectedHandling.Unlikelihood)]
    public void Train_SyntheticPreference_LowersHeldOutPreferredLoss(RejectedHandling handling)
    {
        var frozen = Shipped.Value;
        using var log = UserLog(sessions: 12, seed: 7);
        var reports = new List<TrainingProgress>();
        var result = PersonalAdapterTrainer.Train(frozen, log, new PersonalAdapterTrainingOptions { Seed = 3, Rejected = handling }, new Progress(reports));
        Assert.False(result.Training.Cancelled);
        Assert.True(result.AcceptedTokens > 0 && result.RejectedTokens > 0);
        Assert.NotEmpty(reports);

        var preferred = SyntheticUser.HeldOut(r => SyntheticUser.Preferred(r), 8, seed: 1001);
        var disliked = SyntheticUser.HeldOut(r => SyntheticUser.Disliked(r), 8, seed: 1002);
        var neutral = SyntheticUser.HeldOut(r => SyntheticUser.Neutral(r), 8, seed: 1003);
        double share = PersonalAdapter.PersonalShare(0.2);
        double Ce(PersonalAdapter? a, double s, List<Generation.Training.TrackSequence> seqs) => PersonalAdapterEvaluator.Score(frozen, a, s, seqs).CrossEntropy;
        double basePreferred = Ce(null, 0, preferred), adaptedPreferred = Ce(result.Adapter, 1, preferred), blendedPreferred = Ce(result.Adapter, share, preferred);
        double baseDisliked = Ce(null, 0, disliked), adaptedDisliked = Ce(result.Adapter, 1, disliked), blendedDisliked = Ce(result.Adapter, share, disliked);
        double baseNeutral = Ce(null, 0, neutral), adaptedNeutral = Ce(result.Adapter, 1, neutral), blendedNeutral = Ce(result.Adapter, share, neutral);
        Console.WriteLine($"{handling}: CE nats (frozen / adapter / γ=0.2 blend) preferred {basePreferred:F3} / {adaptedPreferred:F3} / {blendedPreferred:F3}; " +
            $"rejected style {baseDisliked:F3} / {adaptedDisliked:F3} / {blendedDisliked:F3}; neutral {baseNeutral:F3} / {adaptedNeutral:F3} / {blendedNeutral:F3}");

        // Relative, so a better shipped model (which already predicts the preference better) does not fail it: the
        // adapter must remove at least 30 % of the frozen model's loss on the held-out preferred style (measured 44 %
        // on the 2026-12-06 default, 1.072 → 0.602 nats; 55 % on its predecessor, 1.407 → 0.628).
        Assert.True(adaptedPreferred < 0.7 * basePreferred, $"adapter {adaptedPreferred:F3} nats vs frozen {basePreferred:F3}");
        Assert.True(blendedPreferred < basePreferred && blendedPreferred > adaptedPreferred, "the γ blend lies between the two");
        // The blend keeps ≥ 80 % of the frozen distribution, so it can cost at most log(1/0.8) = 0.223 nats anywhere.
        Assert.True(blendedNeutral <= baseNeutral + 0.2232, $"neutral style: blend {blendedNeutral:F3} vs frozen {baseNeutral:F3}");
        if (handling != RejectedHandling.DownWeighted)
        {
            // Down-weighting learns from rejected sequences as weak positives (measured: the rejected style gets
            // more likely); the other two must not.
            Assert.True(adaptedDisliked > baseDisliked, $"rejected style: adapter {adaptedDisliked:F3} vs frozen {baseDisliked:F3}");
        }
    }

    [Fact]
    public void Train_SameSeedAndLog_BitIdentical()
    {
        var frozen = new GeneratorModel(new GeneratorConfig(16, 24, 0.2f), new TrainingRandom(4));
        using var log = UserLog(sessions: 3, seed: 9);
        var options = new PersonalAdapterTrainingOptions { Seed = 5, Epochs = 3, BatchTokens = 64 };
        var a = PersonalAdapterTrainer.Train(frozen, log, options).Adapter;
        var b = PersonalAdapterTrainer.Train(frozen, log, options).Adapter;
        var c = PersonalAdapterTrainer.Train(frozen, log, new PersonalAdapterTrainingOptions { Seed = 6, Epochs = 3, BatchTokens = 64 }).Adapter;
        for (int i = 0; i < a.Parameters.Count; i++)
        {
            Assert.Equal(a.Parameters[i].Value, b.Parameters[i].Value);
        }

        Assert.NotEqual(a.Up.Value, c.Up.Value);
    }

    [Fact]
    public void Train_LeavesTheGeneratorUntouched()
    {
        var frozen = new GeneratorModel(new GeneratorConfig(16, 24, 0.2f), new TrainingRandom(4));
        string before = PersonalAdapter.FingerprintOf(frozen);
        using var log = UserLog(sessions: 2, seed: 10);
        var adapter = PersonalAdapterTrainer.Train(frozen, log, new PersonalAdapterTrainingOptions { Epochs = 2 }).Adapter;
        Assert.Equal(before, PersonalAdapter.FingerprintOf(frozen));
        Assert.Contains(adapter.Up.Value, v => v != 0f);
    }

    [Fact]
    public void Train_EmptyLogOrBadOptions_SayWhat()
    {
        var frozen = new GeneratorModel(new GeneratorConfig(8, 12, 0f), new TrainingRandom(1));
        var ex = Assert.Throws<ArgumentException>(() => PersonalAdapterTrainer.Train(frozen, Array.Empty<LoggedSequence>()));
        Assert.Contains("no sequence", ex.Message, StringComparison.Ordinal);
        var rank = Assert.Throws<ArgumentOutOfRangeException>(() => PersonalAdapterTrainer.Train(frozen,
            [new LoggedSequence(1, SequenceOutcome.Accepted, 0, 1, [1, 166, 66])], new PersonalAdapterTrainingOptions { Rank = 65 }));
        Assert.Equal("Rank", rank.ParamName);
    }

    private sealed class Progress(List<TrainingProgress> sink) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => sink.Add(value);
    }
}
