using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Neural;

public sealed class GruTests
{
    [Fact]
    public void Step_HandComputedScalarCell_MatchesPyTorchFormula()
    {
        // I = H = 1; every gate written out by hand from the PyTorch equations.
        var gru = new Gru("gru", 1, 1);
        float[] wih = [0.5f, -0.3f, 0.8f], whh = [0.2f, 0.4f, -0.6f], bih = [0.1f, 0.0f, -0.2f], bhh = [0.05f, 0.1f, 0.3f];
        wih.CopyTo(gru.InputWeight.Value, 0);
        whh.CopyTo(gru.HiddenWeight.Value, 0);
        bih.CopyTo(gru.InputBias.Value, 0);
        bhh.CopyTo(gru.HiddenBias.Value, 0);
        double x = 1.5, h = -0.4;
        double r = 1 / (1 + Math.Exp(-(0.5 * x + 0.1 + 0.2 * h + 0.05)));
        double z = 1 / (1 + Math.Exp(-(-0.3 * x + 0.0 + 0.4 * h + 0.1)));
        double n = Math.Tanh(0.8 * x - 0.2 + r * (-0.6 * h + 0.3));
        double expected = (1 - z) * n + z * h;

        float[] state = [(float)h];
        gru.Step([(float)x], state, new float[gru.StepScratchLength]);
        Assert.Equal(expected, state[0], 6);
    }

    [Fact]
    public void Backward_FiniteDifferencesThroughTime_MatchAllGradients()
    {
        const int steps = 5, batch = 2, inputs = 3, hidden = 4;
        var gru = new Gru("gru", inputs, hidden);
        gru.Initialize(new TrainingRandom(21));
        float[] x = GradientChecker.Random(steps * batch * inputs, 1);
        float[] h0 = GradientChecker.Random(batch * hidden, 2, 0.5f);
        float[] c = GradientChecker.Random(steps * batch * hidden, 3);
        float[] e = GradientChecker.Random(batch * hidden, 4); // extra weight on the final state
        float[] y = new float[c.Length];
        double Loss()
        {
            gru.Forward(x, steps, batch, h0, y);
            return GradientChecker.Project(y, c) + GradientChecker.Project(y.AsSpan((steps - 1) * batch * hidden), e);
        }

        gru.Forward(x, steps, batch, h0, y);
        float[] gx = new float[x.Length], gh0 = new float[h0.Length];
        gru.Backward(c, e, gx, gh0);
        GradientChecker.CheckParameters(gru, Loss);
        GradientChecker.Check("x", x, gx, Loss);
        GradientChecker.Check("h0", h0, gh0, Loss, samples: h0.Length);
    }

    [Fact]
    public void Step_RepeatedOverSequence_EqualsTrainingForward()
    {
        const int steps = 40, batch = 3, inputs = 5, hidden = 8;
        var gru = new Gru("gru", inputs, hidden);
        gru.Initialize(new TrainingRandom(8));
        float[] x = GradientChecker.Random(steps * batch * inputs, 5);
        float[] y = new float[steps * batch * hidden];
        gru.Forward(x, steps, batch, [], y);

        float[] scratch = new float[gru.StepScratchLength];
        for (int b = 0; b < batch; b++)
        {
            float[] h = new float[hidden];
            for (int t = 0; t < steps; t++)
            {
                gru.Step(x.AsSpan((t * batch + b) * inputs, inputs), h, scratch);
                for (int j = 0; j < hidden; j++)
                {
                    Assert.Equal(y[(t * batch + b) * hidden + j], h[j]); // same kernels in the same order: bit-identical
                }
            }
        }
    }

    [Fact]
    public void Step_AfterWarmup_AllocatesNothing()
    {
        var gru = new Gru("gru", 16, 32);
        gru.Initialize(new TrainingRandom(1));
        float[] x = GradientChecker.Random(16, 2);
        float[] h = new float[32];
        float[] scratch = new float[gru.StepScratchLength];
        for (int i = 0; i < 50; i++)
        {
            gru.Step(x, h, scratch);
        }

        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => gru.Step(x, h, scratch), calls: 200));
    }

    [Fact]
    public void Backward_OptionalSpansEmpty_SameParameterGradients()
    {
        const int steps = 4, batch = 2, inputs = 3, hidden = 5;
        var gru = new Gru("gru", inputs, hidden);
        gru.Initialize(new TrainingRandom(2));
        float[] x = GradientChecker.Random(steps * batch * inputs, 1);
        float[] c = GradientChecker.Random(steps * batch * hidden, 2);
        float[] y = new float[c.Length];
        gru.Forward(x, steps, batch, [], y);
        gru.Backward(c, [], new float[x.Length], new float[batch * hidden]);
        float[][] full = gru.Parameters.Select(p => (float[])p.Gradient.Clone()).ToArray();
        GradientChecker.ZeroGradients(gru);
        gru.Backward(c, [], [], []);
        for (int i = 0; i < full.Length; i++)
        {
            Assert.Equal(full[i], gru.Parameters[i].Gradient);
        }
    }

    [Fact]
    public void Backward_BeforeForward_ThrowsInvalidOperation()
    {
        var gru = new Gru("gru", 2, 3);
        Assert.Throws<InvalidOperationException>(() => gru.Backward(new float[3], [], [], []));
    }

    [Fact]
    public void Step_WrongScratch_ThrowsArgumentException()
    {
        var gru = new Gru("gru", 2, 3);
        Assert.Throws<ArgumentException>(() => gru.Step(new float[2], new float[3], new float[5]));
    }
}
