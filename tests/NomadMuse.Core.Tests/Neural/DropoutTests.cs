using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Neural;

public sealed class DropoutTests
{
    [Fact]
    public void Forward_Rate02_DropsAboutTwentyPercentAndRescales()
    {
        var dropout = new Dropout(0.2f, new TrainingRandom(3));
        float[] x = Enumerable.Repeat(1f, 20000).ToArray();
        float[] y = new float[x.Length];
        dropout.Forward(x, y);
        int dropped = y.Count(v => v == 0f);
        Assert.InRange(dropped / (double)x.Length, 0.19, 0.21);
        Assert.All(y.Where(v => v != 0f), v => Assert.Equal(1.25f, v, 6));
    }

    [Fact]
    public void Backward_AfterForward_AppliesTheSameMask()
    {
        var dropout = new Dropout(0.5f, new TrainingRandom(4));
        float[] x = GradientChecker.Random(64, 1, 2f);
        float[] y = new float[64];
        dropout.Forward(x, y);
        float[] g = Enumerable.Repeat(3f, 64).ToArray();
        float[] gx = new float[64];
        dropout.Backward(g, gx);
        for (int i = 0; i < 64; i++)
        {
            // y = m·x and dL/dx = m·dL/dy: both use the same m ∈ {0, 2}.
            Assert.Equal(y[i] == 0f ? 0f : 6f, gx[i], 5);
        }
    }

    [Fact]
    public void Forward_SameSeed_SameMask()
    {
        float[] x = Enumerable.Repeat(1f, 100).ToArray();
        float[] a = new float[100], b = new float[100];
        new Dropout(0.3f, new TrainingRandom(9)).Forward(x, a);
        new Dropout(0.3f, new TrainingRandom(9)).Forward(x, b);
        Assert.Equal(a, b);
        Assert.Contains(0f, a);
    }

    [Fact]
    public void Apply_Inference_IsIdentity()
    {
        float[] x = GradientChecker.Random(10, 2);
        float[] y = new float[10];
        new Dropout(0.5f, new TrainingRandom(1)).Apply(x, y);
        Assert.Equal(x, y);
    }
}
