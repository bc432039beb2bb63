using NomadMuse.Core.Tests.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Training;

public sealed class LossTests
{
    [Fact]
    public void CrossEntropy_HandComputed_MatchesNegativeLogSoftmax()
    {
        float[] grad = new float[3];
        float loss = CrossEntropyLoss.Compute([1f, 2f, 3f], 3, [0], grad);
        double lse = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        Assert.Equal(lse - 1, loss, 5);
        Assert.Equal(Math.Exp(1 - lse) - 1, grad[0], 5);
        Assert.Equal(Math.Exp(3 - lse), grad[2], 5);
    }

    [Fact]
    public void CrossEntropy_IgnoredRows_ContributeNothing()
    {
        float[] logits = GradientChecker.Random(3 * 4, 1, 2f);
        float[] gradAll = new float[12], gradOne = new float[4];
        float withPad = CrossEntropyLoss.Compute(logits, 4, [2, -100, -100], gradAll);
        float alone = CrossEntropyLoss.Compute(logits.AsSpan(0, 4), 4, [2], gradOne);
        Assert.Equal(alone, withPad, 6);
        Assert.Equal(gradOne, gradAll[..4]);
        Assert.All(gradAll[4..], g => Assert.Equal(0f, g));
    }

    [Fact]
    public void CrossEntropy_AllIgnored_ZeroLossAndGradient()
    {
        float[] grad = [9f, 9f];
        Assert.Equal(0f, CrossEntropyLoss.Compute([1f, 2f], 2, [-100], grad));
        Assert.Equal([0f, 0f], grad);
    }

    [Fact]
    public void CrossEntropy_FiniteDifferences_WithWeightsAndIgnore()
    {
        const int rows = 5, classes = 6;
        float[] z = GradientChecker.Random(rows * classes, 2, 3f);
        int[] targets = [1, 5, 0, -1, 3];
        float[] weights = [1f, 0.5f, 2f, 1f, 0.25f];
        float[] grad = new float[z.Length], scratch = new float[z.Length];
        CrossEntropyLoss.Compute(z, classes, targets, grad, ignoreIndex: -1, weights);
        GradientChecker.Check("logits", z, grad, () => CrossEntropyLoss.Compute(z, classes, targets, scratch, -1, weights), samples: 30);
    }

    [Fact]
    public void CrossEntropy_TargetOutOfRange_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossEntropyLoss.Compute([1f, 2f], 2, [2], new float[2]));
    }

    [Fact]
    public void Distillation_IdenticalLogits_ZeroLossAndGradient()
    {
        float[] z = GradientChecker.Random(8, 3, 4f);
        float[] grad = new float[8];
        float loss = DistillationLoss.Compute(z, z, 4, 3f, grad);
        Assert.Equal(0f, loss, 6);
        Assert.All(grad, g => Assert.Equal(0f, g, 6));
    }

    [Fact]
    public void Distillation_HandComputed_MatchesTSquaredKl()
    {
        // One row, two classes, T = 2: p = softmax([0, 2]/2), q = softmax([1, 0]/2).
        float loss = DistillationLoss.Compute([1f, 0f], [0f, 2f], 2, 2f, new float[2]);
        double p1 = 1 / (1 + Math.Exp(-1)), p0 = 1 - p1;
        double q0 = 1 / (1 + Math.Exp(-0.5)), q1 = 1 - q0;
        double kl = p0 * Math.Log(p0 / q0) + p1 * Math.Log(p1 / q1);
        Assert.Equal(4 * kl, loss, 5);
    }

    [Fact]
    public void Distillation_FiniteDifferences_MatchStudentGradient()
    {
        const int rows = 3, classes = 5;
        float[] s = GradientChecker.Random(rows * classes, 4, 4f);
        float[] t = GradientChecker.Random(rows * classes, 5, 4f);
        float[] grad = new float[s.Length], scratch = new float[s.Length];
        DistillationLoss.Compute(s, t, classes, 3f, grad);
        GradientChecker.Check("student", s, grad, () => DistillationLoss.Compute(s, t, classes, 3f, scratch), samples: 15);
    }

    [Fact]
    public void MeanSquaredError_HandComputedAndFiniteDifferences()
    {
        float[] grad = new float[2];
        Assert.Equal((1f + 4f) / 2f, MeanSquaredErrorLoss.Compute([1f, 0f], [0f, 2f], grad), 6);
        Assert.Equal([1f, -2f], grad);

        float[] y = GradientChecker.Random(10, 6, 2f), target = GradientChecker.Random(10, 7), g = new float[10], scratch = new float[10];
        MeanSquaredErrorLoss.Compute(y, target, g);
        GradientChecker.Check("y", y, g, () => MeanSquaredErrorLoss.Compute(y, target, scratch), samples: 10);
    }

    [Fact]
    public void BinaryCrossEntropy_HandComputedAndExtremeLogits()
    {
        float[] grad = new float[1];
        Assert.Equal(Math.Log(2), BinaryCrossEntropyWithLogitsLoss.Compute([0f], [1f], grad), 6);
        Assert.Equal(-0.5f, grad[0], 6);
        // ±100 would overflow a naive log(σ(x)); the stable form gives 100 and 0.
        Assert.Equal(100f, BinaryCrossEntropyWithLogitsLoss.Compute([-100f], [1f], grad), 3);
        Assert.Equal(-1f, grad[0], 6);
        Assert.Equal(0f, BinaryCrossEntropyWithLogitsLoss.Compute([100f], [1f], grad), 6);
    }

    [Fact]
    public void BinaryCrossEntropy_FiniteDifferences_SoftTargets()
    {
        float[] x = GradientChecker.Random(10, 8, 4f);
        float[] y = GradientChecker.Random(10, 9).Select(v => (v + 1f) / 2f).ToArray();
        float[] g = new float[10], scratch = new float[10];
        BinaryCrossEntropyWithLogitsLoss.Compute(x, y, g);
        GradientChecker.Check("x", x, g, () => BinaryCrossEntropyWithLogitsLoss.Compute(x, y, scratch), samples: 10);
    }
}
