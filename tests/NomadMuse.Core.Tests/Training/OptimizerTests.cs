using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Training;

public sealed class OptimizerTests
{
    [Fact]
    public void AdamW_OneStep_MatchesHandComputation()
    {
        var w = new Parameter("w", 2);
        var b = new Parameter("b", 1) { DecayWeights = false };
        var frozen = new Parameter("f", 1) { Frozen = true };
        w.Value[0] = 1f; w.Value[1] = -2f; w.Gradient[0] = 0.5f; w.Gradient[1] = -0.1f;
        b.Value[0] = 3f; b.Gradient[0] = 2f;
        frozen.Value[0] = 7f; frozen.Gradient[0] = 1f;
        var adam = new AdamW([w, b, frozen], learningRate: 0.1f, beta1: 0.9f, beta2: 0.999f, epsilon: 1e-8f, weightDecay: 0.5f);
        adam.Step();

        // t = 1: m̂ = g, v̂ = g², so the Adam part is lr·g/(|g| + ε) ≈ lr·sign(g); decay multiplies θ by 1 − lr·λ first.
        static double Expected(double theta, double g, double decay) =>
            theta * (1 - 0.1 * decay) - 0.1 * (0.1 * g) / 0.1 / (Math.Sqrt(0.001 * g * g) / Math.Sqrt(0.001) + 1e-8);
        Assert.Equal(Expected(1, 0.5, 0.5), w.Value[0], 6);
        Assert.Equal(Expected(-2, -0.1, 0.5), w.Value[1], 6);
        Assert.Equal(Expected(3, 2, 0), b.Value[0], 6);
        Assert.Equal(7f, frozen.Value[0]);
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void AdamW_TwoSteps_MatchesReferenceRecurrence()
    {
        var p = new Parameter("p", 1);
        p.Value[0] = 0.5f;
        var adam = new AdamW([p], learningRate: 0.01f, beta1: 0.8f, beta2: 0.9f, epsilon: 1e-6f, weightDecay: 0.1f);
        double theta = 0.5, m = 0, v = 0;
        foreach ((float g, int t) in new[] { (0.3f, 1), (-0.7f, 2) })
        {
            p.Gradient[0] = g;
            adam.Step();
            theta *= 1 - 0.01 * 0.1;
            m = 0.8 * m + 0.2 * g;
            v = 0.9 * v + 0.1 * g * g;
            double mHat = m / (1 - Math.Pow(0.8, t)), vHat = v / (1 - Math.Pow(0.9, t));
            theta -= 0.01 * mHat / (Math.Sqrt(vHat) + 1e-6);
            Assert.Equal(theta, p.Value[0], 6);
        }
    }

    [Fact]
    public void AdamW_DuplicateNames_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new AdamW([new Parameter("x", 1), new Parameter("x", 2)]));
    }

    [Theory]
    [InlineData(0, 0.25)]      // warm-up: (0+1)/4 of the peak
    [InlineData(3, 1.0)]       // end of warm-up: the peak
    [InlineData(4, 1.0)]       // cosine progress 0
    [InlineData(9, 0.55)]      // progress ½: floor + (peak − floor)/2 = 0.1 + 0.45
    [InlineData(14, 0.1)]      // progress 1: the floor
    [InlineData(100, 0.1)]     // past the end: stays at the floor
    public void WarmupCosine_KnownSteps_MatchFormula(long step, double expected)
    {
        var schedule = new WarmupCosineSchedule(1f, warmupSteps: 4, totalSteps: 14, minimumLearningRate: 0.1f);
        Assert.Equal(expected, schedule.LearningRateAt(step), 6);
    }

    [Fact]
    public void WarmupCosine_QuarterProgress_MatchesCosine()
    {
        var schedule = new WarmupCosineSchedule(2f, 0, 100);
        Assert.Equal(2 * 0.5 * (1 + Math.Cos(Math.PI / 4)), schedule.LearningRateAt(25), 6);
    }

    [Fact]
    public void ClipGlobalNorm_AboveMax_ScalesToMaxAndReturnsOriginalNorm()
    {
        var a = new Parameter("a", 2);
        var b = new Parameter("b", 1);
        var frozen = new Parameter("f", 1) { Frozen = true };
        a.Gradient[0] = 3f; a.Gradient[1] = 0f; b.Gradient[0] = 4f; frozen.Gradient[0] = 100f;
        float norm = GradientClipping.ClipGlobalNorm([a, b, frozen], 1f);
        Assert.Equal(5f, norm, 5);
        Assert.Equal(0.6f, a.Gradient[0], 5);
        Assert.Equal(0.8f, b.Gradient[0], 5);
        Assert.Equal(100f, frozen.Gradient[0]);
        Assert.Equal(1f, GradientClipping.GlobalNorm([a, b]), 4);
    }

    [Fact]
    public void ClipGlobalNorm_BelowMax_LeavesGradients()
    {
        var a = new Parameter("a", 2);
        a.Gradient[0] = 0.3f; a.Gradient[1] = 0.4f;
        Assert.Equal(0.5f, GradientClipping.ClipGlobalNorm([a], 1f), 6);
        Assert.Equal([0.3f, 0.4f], a.Gradient);
    }
}
