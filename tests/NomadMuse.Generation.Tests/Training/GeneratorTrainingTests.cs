using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Training;

namespace NomadMuse.Generation.Tests.Training;

public sealed class GeneratorTrainingTests
{
    private static List<TrackSequence> Pattern(int count)
    {
        // A strictly periodic "melody": after two tokens the next one is fully determined.
        var list = new List<TrackSequence>();
        for (int s = 0; s < count; s++)
        {
            ushort[] tokens = new ushort[120];
            tokens[0] = 1;
            for (int i = 1; i < tokens.Length; i++)
            {
                tokens[i] = (ushort)(60 + ((i + s) % 4));
            }

            list.Add(new TrackSequence(0, 10, 1, tokens));
        }

        return list;
    }

    [Fact]
    public void Trainer_PeriodicSequences_LossFallsFromUniformToPatternSupport()
    {
        var random = new TrainingRandom(11);
        var model = new GeneratorModel(new GeneratorConfig(16, 24, 0.1f), random);
        var source = new ChunkBatchSource(Pattern(8), steps: 32, batch: 4, overlap: 8, seed: 2);
        var trainer = new Trainer<GenerationBatch>(model, new TrainerOptions { Epochs = 12, LearningRate = 3e-3f, ShuffleSeed = 2 }, random);
        var step = new GeneratorLossStep(model);
        float first = step.Run(source.GetBatch(0)).Loss;
        var result = trainer.Run(source, step.Run);
        Assert.False(result.Cancelled);
        Assert.True(first > 4.5f, $"initial loss {first} should be near ln 258 = 5.55");
        // The four pattern tokens carry all the mass: ln 4 = 1.386. (This tiny toy tends to stop at that unigram
        // saddle instead of learning the cycle; the corpus run in docs/models.md does learn context.)
        Assert.True(result.LastLoss < 1.6f, $"final loss {result.LastLoss}");

        var scores = GenerationEvaluator.Score(model, Pattern(2));
        Assert.True(scores.All.Top5 > 0.95, $"top5 {scores.All.Top5}");
        Assert.Equal(scores.All.Count, scores.Tonal.Count);
        Assert.Equal(0, scores.Drums.Count);
    }

    [Fact]
    public void Score_ZeroHead_GivesUniformPerplexity258()
    {
        var model = new GeneratorModel(new GeneratorConfig(8, 8, 0f), new TrainingRandom(12));
        foreach (var p in model.Parameters.Where(p => p.Name.StartsWith("head.", StringComparison.Ordinal)))
        {
            Array.Clear(p.Value);
        }

        var sequences = new[] { new TrackSequence(0, 0, 2, [1, 256, 42, 135, 2]) };
        var scores = GenerationEvaluator.Score(model, sequences);
        Assert.Equal(4, scores.All.Count);
        Assert.Equal(4, scores.Drums.Count);
        Assert.Equal(258, scores.All.Perplexity, 1e-3);
    }

    [Fact]
    public void Baseline_TrainedOnPattern_PredictsItAndScoresSameTokens()
    {
        var baseline = GenerationEvaluator.TrainBaseline(Pattern(4));
        var scores = GenerationEvaluator.Score(baseline, Pattern(1), maxTokensPerSequence: 50);
        Assert.Equal(50, scores.All.Count);
        Assert.True(scores.All.Top1 > 0.9);
        Assert.True(scores.All.Perplexity < 2);
    }

    [Fact]
    public void Score_WithGroups_SplitsTokensPerGroupAndSumsToAll()
    {
        var baseline = GenerationEvaluator.TrainBaseline(Pattern(4));
        var tracks = Pattern(3);
        var scores = GenerationEvaluator.Score(baseline, tracks, maxTokensPerSequence: 30,
            groupOf: t => ReferenceEquals(t, tracks[0]) ? "a" : ReferenceEquals(t, tracks[1]) ? "b" : null);
        Assert.Equal(["a", "b"], scores.Groups.Keys);
        Assert.Equal(30, scores.Groups["a"].Count);
        Assert.Equal(30, scores.Groups["b"].Count);
        Assert.Equal(90, scores.All.Count);
    }
}
