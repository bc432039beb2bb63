using NomadMuse.Core.Neural;

namespace NomadMuse.Core.Tests.Neural;

public sealed class SoftmaxTests
{
    [Fact]
    public void Apply_HandComputed_MatchesExpOverSum()
    {
        float[] p = new float[3];
        Softmax.Apply([1f, 2f, 3f], p);
        double s = Math.Exp(1) + Math.Exp(2) + Math.Exp(3);
        Assert.Equal(Math.Exp(1) / s, p[0], 6);
        Assert.Equal(Math.Exp(3) / s, p[2], 6);
    }

    [Fact]
    public void Apply_Temperature2_EqualsSoftmaxOfHalvedLogits()
    {
        float[] p = new float[3], q = new float[3];
        Softmax.Apply([1f, 2f, 5f], p, temperature: 2f);
        Softmax.Apply([0.5f, 1f, 2.5f], q);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(q[i], p[i], 6);
        }
    }

    [Fact]
    public void Apply_HugeLogits_NoOverflow()
    {
        float[] p = new float[2];
        Softmax.Apply([1000f, 999f], p);
        Assert.Equal(1 / (1 + Math.Exp(-1)), p[0], 5);
        float[] l = new float[2];
        Softmax.ApplyLog([1000f, 999f], l);
        Assert.Equal(-Math.Log(1 + Math.Exp(-1)), l[0], 5);
    }

    [Fact]
    public void Backward_FiniteDifferences_MatchLogitGradient()
    {
        const float t = 1.7f;
        float[] z = GradientChecker.Random(7, 1, 3f);
        float[] c = GradientChecker.Random(7, 2);
        float[] p = new float[7];
        double Loss()
        {
            Softmax.Apply(z, p, t);
            return GradientChecker.Project(p, c);
        }

        Loss();
        float[] gz = new float[7];
        Softmax.Backward(p, c, gz, t);
        GradientChecker.Check("z", z, gz, Loss, samples: 7);
    }

    [Fact]
    public void BackwardLog_FiniteDifferences_MatchLogitGradient()
    {
        const float t = 0.8f;
        float[] z = GradientChecker.Random(7, 3, 3f);
        float[] c = GradientChecker.Random(7, 4);
        float[] l = new float[7];
        double Loss()
        {
            Softmax.ApplyLog(z, l, t);
            return GradientChecker.Project(l, c);
        }

        Loss();
        float[] gz = new float[7];
        Softmax.BackwardLog(l, c, gz, t);
        GradientChecker.Check("z", z, gz, Loss, samples: 7);
    }

    [Fact]
    public void Apply_ZeroTemperature_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Softmax.Apply([1f], new float[1], 0f));
    }
}
