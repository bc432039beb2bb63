using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Neural;

public sealed class LinearTests
{
    [Fact]
    public void Apply_HandComputed_MatchesWxPlusB()
    {
        var layer = new Linear("fc", 3, 2);
        float[] w = [1, 2, 3, -1, 0, 0.5f];
        w.CopyTo(layer.Weight.Value, 0);
        layer.Bias.Value[0] = 0.25f;
        layer.Bias.Value[1] = -1f;
        float[] y = new float[2];
        layer.Apply([1f, -1f, 2f], y);
        Assert.Equal(1 - 2 + 6 + 0.25f, y[0], 6);
        Assert.Equal(-1 + 0 + 1 - 1f, y[1], 6);
    }

    [Fact]
    public void Backward_FiniteDifferences_MatchParametersAndInput()
    {
        const int rows = 3, inputs = 5, outputs = 4;
        var layer = new Linear("fc", inputs, outputs);
        layer.Initialize(new TrainingRandom(1));
        float[] x = GradientChecker.Random(rows * inputs, 2);
        float[] c = GradientChecker.Random(rows * outputs, 3);
        float[] y = new float[rows * outputs];
        double Loss()
        {
            layer.Apply(x, y);
            return GradientChecker.Project(y, c);
        }

        layer.Forward(x, y);
        float[] gx = new float[x.Length];
        layer.Backward(c, gx);
        GradientChecker.CheckParameters(layer, Loss);
        GradientChecker.Check("x", x, gx, Loss);
    }

    [Fact]
    public void Backward_TwoCalls_AccumulatesGradients()
    {
        var layer = new Linear("fc", 2, 1);
        layer.Forward([1f, 2f], new float[1]);
        layer.Backward([1f], []);
        layer.Backward([1f], []);
        Assert.Equal([2f, 4f], layer.Weight.Gradient);
        Assert.Equal(2f, layer.Bias.Gradient[0]);
    }

    [Fact]
    public void Apply_PartialRow_Throws()
    {
        var layer = new Linear("fc", 3, 2);
        Assert.Throws<ArgumentException>(() => layer.Apply(new float[4], new float[2]));
    }
}
