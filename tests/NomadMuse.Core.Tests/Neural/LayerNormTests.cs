using NomadMuse.Core.Neural;

namespace NomadMuse.Core.Tests.Neural;

public sealed class LayerNormTests
{
    [Fact]
    public void Apply_HandComputed_ZeroMeanUnitVariance()
    {
        var ln = new LayerNorm("ln", 4, epsilon: 1e-5f);
        float[] y = new float[4];
        ln.Apply([1f, 2f, 3f, 4f], y);
        // mean 2.5, biased variance 1.25.
        float inv = 1f / MathF.Sqrt(1.25f + 1e-5f);
        Assert.Equal(-1.5f * inv, y[0], 5);
        Assert.Equal(0.5f * inv, y[2], 5);
    }

    [Fact]
    public void Backward_FiniteDifferences_MatchGainShiftAndInput()
    {
        const int rows = 3, dim = 6;
        var ln = new LayerNorm("ln", dim);
        GradientChecker.Random(dim, 1, 0.5f).Select(v => 1f + v).ToArray().CopyTo(ln.Gain.Value, 0);
        GradientChecker.Random(dim, 2, 0.5f).CopyTo(ln.Shift.Value, 0);
        float[] x = GradientChecker.Random(rows * dim, 3, 2f);
        float[] c = GradientChecker.Random(rows * dim, 4);
        float[] y = new float[x.Length];
        double Loss()
        {
            ln.Apply(x, y);
            return GradientChecker.Project(y, c);
        }

        ln.Forward(x, y);
        float[] gx = new float[x.Length];
        ln.Backward(c, gx);
        GradientChecker.CheckParameters(ln, Loss);
        GradientChecker.Check("x", x, gx, Loss);
    }

    [Fact]
    public void Apply_InPlace_EqualsOutOfPlace()
    {
        var ln = new LayerNorm("ln", 8);
        GradientChecker.Random(8, 5, 0.5f).CopyTo(ln.Shift.Value, 0);
        float[] x = GradientChecker.Random(24, 6, 3f);
        float[] y = new float[24];
        ln.Apply(x, y);
        ln.Apply(x, x);
        Assert.Equal(y, x);
    }
}
