using NomadMuse.Analysis.Scoring;
using NomadMuse.Core.Audio;
using NomadMuse.Core.Models;
using NomadMuse.Core.Training;
using NomadMuse.State;
using Xunit.Abstractions;

namespace NomadMuse.Analysis.Tests.Scoring;

public sealed class MixScorerTests(ITestOutputHelper output)
{
    private const int Rate = 44_100;

    [Fact]
    public void Constructor_DefaultWidths_HasAboutTenThousandParameters()
    {
        var scorer = new MixScorer();
        Assert.Equal((23 * 96) + 96 + (96 * 64) + 64 + (64 * 19) + 19, scorer.ParameterCount);
        Assert.InRange(scorer.ParameterCount, 8_000, 12_000);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixScorer(0, 64));
    }

    [Fact]
    public void Score_ProbabilitiesSumToOne_AndAllocateNothing()
    {
        var scorer = new MixScorer();
        scorer.Initialize(new TrainingRandom(3));
        float[] features = new float[MixScorer.FeatureCount], p = new float[MixFixes.Count];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (i % 5) - 2;
        }

        scorer.Score(features, p);
        Assert.Equal(1f, p.Sum(), 4);
        Assert.All(p, v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => scorer.Score(features, p), calls: 100));
        Assert.Throws<ArgumentException>(() => scorer.Score(new float[3], p));
    }

    [Fact]
    public void SaveLoad_RoundTrip_GivesIdenticalScoresAndMetrics()
    {
        var scorer = new MixScorer(16, 8);
        scorer.Initialize(new TrainingRandom(11));
        string path = Path.Combine(Path.GetTempPath(), $"nm-scorer-{Guid.NewGuid():N}.nmm");
        try
        {
            scorer.Save(path, new Dictionary<string, double> { ["heldout_top1"] = 0.5 });
            MixScorer loaded = MixScorer.Load(path);
            float[] features = [.. Enumerable.Range(0, MixScorer.FeatureCount).Select(i => (float)Math.Sin(i))];
            float[] a = new float[MixFixes.Count], b = new float[MixFixes.Count];
            scorer.Score(features, a);
            loaded.Score(features, b);
            Assert.Equal(a, b);
            Assert.Equal((16, 8), (loaded.Hidden1, loaded.Hidden2));
            Assert.Equal(0.5, loaded.Metrics["heldout_top1"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_OtherArchitecture_ThrowsModelFormatException()
    {
        string path = Path.Combine(Path.GetTempPath(), $"nm-other-{Guid.NewGuid():N}.nmm");
        try
        {
            new ModelFile(new ModelMetadata("something-else")).Save(path);
            var e = Assert.Throws<ModelFormatException>(() => MixScorer.Load(path));
            Assert.Contains("something-else", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Train_PinkNoiseWithKnownDamage_RanksTheFixOnAHeldOutSeed()
    {
        // Three pink-noise "mixes" train, a fourth (another seed and correlation) is held out; no mismatch noise.
        var options = new MixScorerTrainingOptions { SegmentSeconds = 3, SegmentsPerFile = 1, Epochs = 150, MaxMismatchDb = 0, Hidden1 = 48, Hidden2 = 32, BatchSize = 16 };
        var training = new List<ScorerExample>();
        var heldOut = new List<ScorerExample>();
        var random = new TrainingRandom(2);
        for (int seed = 1; seed <= 4; seed++)
        {
            var audio = new AudioBuffer(Rate, 2, MixSignals.PinkStereo(seed, Rate * 3, 0.5 + (0.1 * seed)));
            MixScorerTraining.AnalyseFile($"pink{seed}", audio, options, random, seed < 4 ? training : heldOut, CancellationToken.None);
        }

        var data = new ScorerDataset(training, heldOut, TimeSpan.Zero, 0);
        MixScorer scorer = MixScorerTraining.Train(data, options);
        MixScorerEvaluation result = MixScorerTraining.Evaluate(scorer, data, 0);
        output.WriteLine($"held-out top-1 {result.Top1Accuracy:P0}, top-3 {result.Top3Accuracy:P0}, macro P {result.MacroPrecision:P0}, R {result.MacroRecall:P0}");
        Assert.Equal(MixFixes.Count, result.Examples);
        Assert.True(result.Top3Accuracy >= 0.7, $"top-3 {result.Top3Accuracy:P0}");
        Assert.True(result.Top1Accuracy >= 0.5, $"top-1 {result.Top1Accuracy:P0} (chance is 5 %)");
    }

    [Fact]
    public void Default_EmbeddedScorer_LoadsWithHeldOutMetrics()
    {
        MixScorer? scorer = MixScorer.Default;
        Assert.NotNull(scorer);
        Assert.InRange(scorer.ParameterCount, 8_000, 12_000);
        Assert.True(scorer.Metrics.TryGetValue("heldout_mismatch0db_top1", out double top1));
        Assert.InRange(top1, 0.2, 1.0);
    }

    [Fact]
    public void Report_RealExcerptWithMud_ScorerRanksCutLowMidHigh()
    {
        string? folder = MixSignals.MixesFolder(output);
        if (folder is null)
        {
            return;
        }

        float[] clean = MixSignals.ReadFlac(Path.Combine(folder, "pop_karissa-hobbs_lets-go-fishin.flac"), 15, out int rate);
        GenreTarget target = GenreTarget.FromLevels("own", MixSignals.Analyze(clean, rate).Balance.LongTermRelative);
        float[] muddy = MixSignals.Filter(clean, 2, MixSignals.Peaking(rate, 300, 6, 1));
        MixReport report = MixSignals.Analyze(muddy, rate).Report(target);
        Assert.NotNull(report.FixScores);
        output.WriteLine(string.Join(", ", report.FixScores.Ranked.Take(4).Select(s => $"{MixFixes.Describe(s.Fix)} {s.Probability:P0}")));
        Assert.InRange(report.FixScores.RankOf(MixFix.CutLowMid), 1, 2);
        MixSuggestion tonal = report.Suggestions.First(s => s.Band is not null);
        Assert.Equal((MixAction.Cut, Band.LowMid), (tonal.Action, tonal.Band));
        Assert.True(report.ScoreOf(tonal) > 0.5f, $"scorer confirms the cut with {report.ScoreOf(tonal):P0}");
        Assert.Null(report.ScoreOf(new MixSuggestion(SuggestionSeverity.Info, null, 0, 0, MixAction.Gain, -1, 0, "gain")));
    }

    [Fact]
    public void Report_UseScorerOff_HasNoScores()
    {
        float[] pink = MixSignals.PinkStereo(1, Rate * 2);
        MixAnalyzer analyzer = MixSignals.Analyze(pink, Rate);
        Assert.Null(analyzer.Report(GenreTarget.Builtin("pop"), new SuggestionOptions { UseScorer = false }).FixScores);
    }
}
