using NomadMuse.Core.Neural;

namespace NomadMuse.Core.Tests.Neural;

public sealed class ActivationTests
{
    [Theory]
    [InlineData(ActivationKind.Relu, -0.5f, 0f)]
    [InlineData(ActivationKind.Relu, 2f, 2f)]
    [InlineData(ActivationKind.Tanh, 0.5f, 0.46211716f)]
    [InlineData(ActivationKind.Sigmoid, 0f, 0.5f)]
    [InlineData(ActivationKind.Sigmoid, 2f, 0.880797f)]
    public void Apply_KnownPoint_MatchesFunction(ActivationKind kind, float x, float expected)
    {
        float[] y = new float[1];
        new Activation(kind).Apply([x], y);
        Assert.Equal(expected, y[0], 5);
    }

    [Theory]
    [InlineData(ActivationKind.Relu)]
    [InlineData(ActivationKind.Tanh)]
    [InlineData(ActivationKind.Sigmoid)]
    public void Backward_FiniteDifferences_MatchInputGradient(ActivationKind kind)
    {
        var act = new Activation(kind);
        float[] x = GradientChecker.Random(40, 11, 2f);
        for (int i = 0; i < x.Length; i++)
        {
            // Keep ReLU inputs away from its kink, where a central difference straddles two slopes.
            if (MathF.Abs(x[i]) < 0.01f)
            {
                x[i] = 0.1f;
            }
        }

        float[] c = GradientChecker.Random(40, 12);
        float[] y = new float[40];
        double Loss()
        {
            act.Apply(x, y);
            return GradientChecker.Project(y, c);
        }

        act.Forward(x, y);
        float[] gx = new float[40];
        act.Backward(c, gx);
        GradientChecker.Check("x", x, gx, Loss, samples: 40);
    }
}
