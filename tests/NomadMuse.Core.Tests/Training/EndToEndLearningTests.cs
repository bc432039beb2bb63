using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Training;

public sealed class EndToEndLearningTests
{
    [Fact]
    public void Trainer_EmbeddingGruLinear_LearnsRepeatingPatternAndStepApiPredictsIt()
    {
        var random = new TrainingRandom(2026);
        var model = new TinySequenceModel(vocabulary: 6, embedding: 12, hidden: 24, dropout: 0f, random);
        var options = new TrainerOptions
        {
            MaxSteps = 200, // about 0.2 s of CPU with tiering off, under 1 s with it on
            LearningRate = 2e-2f,
            WarmupSteps = 20,
            MinimumLearningRate = 1e-3f,
            WeightDecay = 0.01f,
            ShuffleSeed = 7,
        };
        var trainer = new Trainer<SequenceBatch>(model, options, random);
        var source = new PatternSource(batches: 16, steps: 12, batch: 8, seed: 5);
        float firstLoss = model.TrainStep(source.GetBatch(0)).Loss;

        TrainingResult result = trainer.Run(source, model.TrainStep);

        Assert.True(firstLoss > 1.0f, $"untrained loss {firstLoss}");
        Assert.True(result.LastLoss < 0.05f, $"loss after 200 steps: {result.LastLoss}");

        // Inference path: GRU.Step + Linear.Apply must continue the pattern from a fresh state.
        float[] h = new float[model.Gru.HiddenSize], x = new float[model.Embed.Dimension], logits = new float[6];
        float[] scratch = new float[model.Gru.StepScratchLength];
        int[] pattern = PatternSource.Pattern;
        int correct = 0;
        for (int t = 0; t < 30; t++)
        {
            model.Embed.Lookup(pattern[t % pattern.Length], x);
            model.Gru.Step(x, h, scratch);
            model.Head.Apply(h, logits);
            int predicted = Array.IndexOf(logits, logits.Max());
            if (t > 0 && predicted == pattern[(t + 1) % pattern.Length])
            {
                correct++;
            }
        }

        Assert.Equal(29, correct);
    }
}
