using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Neural;

public sealed class EmbeddingTests
{
    [Fact]
    public void Lookup_Token_CopiesItsRow()
    {
        var e = new Embedding("emb", 4, 3);
        for (int i = 0; i < 12; i++)
        {
            e.Weight.Value[i] = i;
        }

        float[] y = new float[3];
        e.Lookup(2, y);
        Assert.Equal([6f, 7f, 8f], y);
    }

    [Fact]
    public void Backward_FiniteDifferences_MatchWeightGradient()
    {
        var e = new Embedding("emb", 6, 4);
        e.Initialize(new TrainingRandom(5));
        int[] tokens = [1, 3, 1, 5, 0];
        float[] c = GradientChecker.Random(tokens.Length * 4, 9);
        float[] y = new float[c.Length];
        double Loss()
        {
            e.Apply(tokens, y);
            return GradientChecker.Project(y, c);
        }

        e.Forward(tokens, y);
        e.Backward(c);
        GradientChecker.Check("emb.weight", e.Weight.Value, e.Weight.Gradient, Loss, samples: 1000);
    }

    [Fact]
    public void Backward_PaddingIndex_GetsNoGradient()
    {
        var e = new Embedding("emb", 3, 2, paddingIndex: 0);
        e.Forward([0, 1, 0], new float[6]);
        e.Backward([1f, 1f, 1f, 1f, 1f, 1f]);
        Assert.Equal([0f, 0f, 1f, 1f, 0f, 0f], e.Weight.Gradient);
    }

    [Fact]
    public void Lookup_OutOfVocabulary_ThrowsArgumentOutOfRange()
    {
        var e = new Embedding("emb", 3, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => e.Lookup(3, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => e.Lookup(-1, new float[2]));
    }
}
