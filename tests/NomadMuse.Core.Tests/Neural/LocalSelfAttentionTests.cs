using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Neural;

public sealed class LocalSelfAttentionTests
{
    private static LocalSelfAttention Create(int dm, int d, int window, ulong seed)
    {
        var attention = new LocalSelfAttention("attn", dm, d, window);
        var random = new TrainingRandom(seed);
        attention.Initialize(random);
        foreach (Linear l in new[] { attention.Query, attention.Key, attention.Value, attention.Output })
        {
            WeightInit.Uniform(l.Bias, 0.3f, random); // non-zero biases so their gradients are exercised
        }

        WeightInit.Uniform(attention.RelativeBias, 1f, random);
        return attention;
    }

    [Fact]
    public void Step_FirstToken_AttendsOnlyToItself()
    {
        // With one key the softmax weight is 1, so y = W_o (W_v x + b_v) + b_o whatever q, k and the bias are.
        var attention = Create(3, 2, 4, 3);
        float[] x = [0.5f, -1f, 2f];
        float[] v = new float[2], expected = new float[3], y = new float[3];
        attention.Value.Apply(x, v);
        attention.Output.Apply(v, expected);
        attention.Step(x, attention.CreateCache(), y, new float[attention.StepScratchLength]);
        Assert.Equal(expected, y);
    }

    [Fact]
    public void Backward_FiniteDifferences_WindowSmallerThanSequence_MatchAllGradients()
    {
        const int steps = 8, batch = 2, dm = 5, d = 4, window = 3;
        var attention = Create(dm, d, window, 17);
        float[] x = GradientChecker.Random(steps * batch * dm, 1);
        float[] c = GradientChecker.Random(x.Length, 2);
        float[] y = new float[x.Length];
        double Loss()
        {
            attention.Forward(x, steps, batch, y);
            return GradientChecker.Project(y, c);
        }

        attention.Forward(x, steps, batch, y);
        float[] gx = new float[x.Length];
        attention.Backward(c, gx);
        GradientChecker.CheckParameters(attention, Loss, attention.RelativeBias.Name, attention.Key.Bias.Name);

        // Softmax ignores a shift shared by all scores, and b_k adds q·b_k to every score of a row: its true
        // gradient is zero, which both sides must agree on.
        GradientChecker.Check("k bias", attention.Key.Bias.Value, attention.Key.Bias.Gradient, Loss, requireSignal: false);
        Assert.All(attention.Key.Bias.Gradient, g => Assert.True(Math.Abs(g) < 1e-4));
        GradientChecker.Check("x", x, gx, Loss, samples: 40);

        // The causal half used by a window of 3: offsets 0, −1, −2, −3 (entries 64…61); the rest get nothing.
        float[] bias = attention.RelativeBias.Value;
        float[] gBias = attention.RelativeBias.Gradient;
        int center = LocalSelfAttention.MaxRelativeDistance;
        for (int i = center - window; i <= center; i++)
        {
            float saved = bias[i];
            bias[i] = saved + 1e-3f;
            double plus = Loss();
            bias[i] = saved - 1e-3f;
            double minus = Loss();
            bias[i] = saved;
            double numeric = (plus - minus) / 2e-3;
            Assert.True(Math.Abs(numeric - gBias[i]) <= 2e-3 + 1e-2 * Math.Abs(numeric), $"bias[{i}]: {gBias[i]} vs {numeric}");
        }

        Assert.Contains(gBias.AsSpan(center - window, window + 1).ToArray(), g => Math.Abs(g) > 1e-2);
        for (int i = 0; i < gBias.Length; i++)
        {
            if (i < center - window || i > center)
            {
                Assert.Equal(0f, gBias[i]);
            }
        }
    }

    [Fact]
    public void Step_BeyondWindow_EqualsTrainingForward()
    {
        const int window = 4, steps = 3 * window + 7, batch = 2, dm = 6, d = 5;
        var attention = Create(dm, d, window, 23);
        float[] x = GradientChecker.Random(steps * batch * dm, 7);
        float[] y = new float[x.Length];
        attention.Forward(x, steps, batch, y);

        float[] scratch = new float[attention.StepScratchLength];
        float[] output = new float[dm];
        for (int b = 0; b < batch; b++)
        {
            LocalAttentionCache cache = attention.CreateCache();
            for (int t = 0; t < steps; t++)
            {
                attention.Step(x.AsSpan((t * batch + b) * dm, dm), cache, output, scratch);
                for (int j = 0; j < dm; j++)
                {
                    Assert.Equal(y[(t * batch + b) * dm + j], output[j]); // same kernels in the same order: bit-identical
                }
            }

            Assert.Equal(steps, cache.Position);
        }
    }

    [Fact]
    public void Step_TokensOlderThanWindow_DoNotChangeOutput()
    {
        // Two streams that differ only before the window must agree once those tokens slide out.
        const int window = 3, dm = 4;
        var attention = Create(dm, 4, window, 5);
        float[] shared = GradientChecker.Random(10 * dm, 1);
        float[] a = (float[])shared.Clone(), b = (float[])shared.Clone();
        b[0] += 5f; // token 0 differs
        LocalAttentionCache ca = attention.CreateCache(), cb = attention.CreateCache();
        float[] scratch = new float[attention.StepScratchLength], ya = new float[dm], yb = new float[dm];
        for (int t = 0; t < 10; t++)
        {
            attention.Step(a.AsSpan(t * dm, dm), ca, ya, scratch);
            attention.Step(b.AsSpan(t * dm, dm), cb, yb, scratch);
            if (t <= window)
            {
                Assert.NotEqual(ya, yb);
            }
            else
            {
                Assert.Equal(ya, yb);
            }
        }
    }

    [Fact]
    public void Step_AfterWarmup_AllocatesNothing()
    {
        var attention = Create(32, 16, 32, 1);
        LocalAttentionCache cache = attention.CreateCache();
        float[] x = GradientChecker.Random(32, 2);
        float[] y = new float[32];
        float[] scratch = new float[attention.StepScratchLength];
        for (int i = 0; i < 50; i++)
        {
            attention.Step(x, cache, y, scratch);
        }

        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => attention.Step(x, cache, y, scratch), calls: 200));
    }

    [Fact]
    public void Constructor_WindowBeyondBiasTable_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LocalSelfAttention("a", 8, 4, window: 65));
    }

    [Fact]
    public void Step_CacheFromOtherShape_ThrowsArgumentException()
    {
        var small = new LocalSelfAttention("a", 4, 4, window: 2);
        var big = new LocalSelfAttention("b", 4, 4, window: 8);
        Assert.Throws<ArgumentException>(() => small.Step(new float[4], big.CreateCache(), new float[4], new float[small.StepScratchLength]));
    }
}
