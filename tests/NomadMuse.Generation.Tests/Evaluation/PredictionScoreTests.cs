using NomadMuse.Generation.Evaluation;

namespace NomadMuse.Generation.Tests.Evaluation;

public sealed class PredictionScoreTests
{
    [Fact]
    public void Add_KnownDistributions_GivesHandComputedMetrics()
    {
        var score = new PredictionScore();
        float[] p = [0.5f, 0.2f, 0.1f, 0.1f, 0.05f, 0.03f, 0.02f];
        score.Add(p, 0); // rank 0
        score.Add(p, 4); // rank 4 → top-5 hit
        score.Add(p, 6); // rank 6 → miss

        Assert.Equal(3, score.Count);
        Assert.Equal(1.0 / 3, score.Top1, 10);
        Assert.Equal(2.0 / 3, score.Top5, 10);
        double nll = -(Math.Log(0.5f) + Math.Log(0.05f) + Math.Log(0.02f)) / 3;
        Assert.Equal(Math.Exp(nll), score.Perplexity, 6);
    }

    [Fact]
    public void Add_UniformDistribution_PerplexityIsVocabularySize()
    {
        var score = new PredictionScore();
        var p = Enumerable.Repeat(1f / 258, 258).ToArray();
        for (int t = 0; t < 258; t++)
        {
            score.Add(p, t);
        }

        Assert.Equal(258, score.Perplexity, 2);
        Assert.Equal(1.0 / 258, score.Top1, 10); // ties break by id: only token 0 is a "hit"
    }

    [Fact]
    public void Merge_TwoHalves_EqualsWhole()
    {
        float[] p = [0.7f, 0.2f, 0.1f];
        var whole = new PredictionScore();
        var a = new PredictionScore();
        var b = new PredictionScore();
        int[] targets = [0, 1, 2, 2, 0];
        for (int i = 0; i < targets.Length; i++)
        {
            whole.Add(p, targets[i]);
            (i < 2 ? a : b).Add(p, targets[i]);
        }

        a.Merge(b);
        Assert.Equal(whole.Perplexity, a.Perplexity, 12);
        Assert.Equal(whole.Top1, a.Top1, 12);
    }

    [Fact]
    public void Add_TargetOutOfRange_Throws()
    {
        var score = new PredictionScore();
        Assert.Throws<ArgumentOutOfRangeException>(() => score.Add(new float[3], 3));
    }
}
