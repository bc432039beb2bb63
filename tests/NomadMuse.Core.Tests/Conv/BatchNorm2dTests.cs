using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Tests.Conv;

public sealed class BatchNorm2dTests
{
    [Fact]
    public void Forward_HandComputedBatch_NormalisesAndUpdatesRunningStatsLikePyTorch()
    {
        // One channel, batch 2 × 2 pixels: values 1, 2, 3, 4 → mean 2.5, biased var 1.25, unbiased var 5/3.
        var bn = new BatchNorm2d("bn", 1);
        var output = new float[4];
        bn.Forward([1f, 2f, 3f, 4f], 2, 2, output);
        float inv = 1f / MathF.Sqrt(1.25f + 1e-5f);
        Assert.Equal(-1.5f * inv, output[0], 5);
        Assert.Equal(-0.5f * inv, output[1], 5);
        Assert.Equal(0.5f * inv, output[2], 5);
        Assert.Equal(1.5f * inv, output[3], 5);
        Assert.Equal(0.25f, bn.RunningMean[0], 6);
        Assert.Equal((0.9f * 1f) + (0.1f * 5f / 3f), bn.RunningVariance[0], 6);
    }

    [Fact]
    public void Infer_UsesRunningStatistics()
    {
        var bn = new BatchNorm2d("bn", 2);
        bn.RunningMean[0] = 1f;
        bn.RunningVariance[0] = 4f;
        bn.RunningMean[1] = -2f;
        bn.RunningVariance[1] = 0.25f;
        bn.Gamma.Value[1] = 3f;
        bn.Beta.Value[1] = 0.5f;
        float[] data = [3f, 5f, -1f, -2f];
        bn.Infer(data, 2, data);
        Assert.Equal(2f / MathF.Sqrt(4f + 1e-5f), data[0], 5);
        Assert.Equal(4f / MathF.Sqrt(4f + 1e-5f), data[1], 5);
        Assert.Equal((3f * 1f / MathF.Sqrt(0.25f + 1e-5f)) + 0.5f, data[2], 4);
        Assert.Equal(0.5f, data[3], 5);
    }

    [Fact]
    public void Backward_GammaBetaInput_MatchCentralDifferencesInTrainingMode()
    {
        var random = new Random(31);
        var bn = new BatchNorm2d("bn", 3);
        float[] gamma = GradientCheck.RandomArray(random, 3, 2f);
        gamma.CopyTo(bn.Gamma.Value, 0);
        GradientCheck.RandomArray(random, 3).CopyTo(bn.Beta.Value, 0);
        const int Batch = 2, Pixels = 6;
        float[] input = GradientCheck.RandomArray(random, Batch * 3 * Pixels, 2f);
        float[] upstream = GradientCheck.RandomArray(random, input.Length);
        var output = new float[input.Length];
        double Loss()
        {
            bn.Forward(input, Batch, Pixels, output);
            return GradientCheck.Dot(output, upstream);
        }

        Loss();
        var inputGradient = new float[input.Length];
        bn.Backward(upstream, inputGradient);
        GradientCheck.Check(Loss, bn.Gamma.Value, bn.Gamma.Gradient, random, 3, "gamma");
        GradientCheck.Check(Loss, bn.Beta.Value, bn.Beta.Gradient, random, 3, "beta");
        GradientCheck.Check(Loss, input, inputGradient, random, 36, "input");
    }

    [Fact]
    public void FoldInto_FoldedConvolution_EqualsConvolutionThenBatchNorm()
    {
        var random = new Random(32);
        var conv = new Conv2d("c", 3, 5, random: random);
        var bn = new BatchNorm2d("bn", 5);
        for (int c = 0; c < 5; c++)
        {
            bn.Gamma.Value[c] = 0.5f + random.NextSingle();
            bn.Beta.Value[c] = random.NextSingle() - 0.5f;
            bn.RunningMean[c] = random.NextSingle() - 0.5f;
            bn.RunningVariance[c] = 0.1f + (2f * random.NextSingle());
        }

        const int H = 7, W = 5;
        float[] input = GradientCheck.RandomArray(random, 3 * H * W);
        var scratch = new float[conv.ScratchLength(H, W)];
        var reference = new float[5 * H * W];
        conv.Infer(input, H, W, reference, scratch);
        bn.Infer(reference, H * W, reference);

        Conv2d folded = bn.FoldInto(conv);
        var output = new float[reference.Length];
        folded.Infer(input, H, W, output, scratch);
        for (int i = 0; i < output.Length; i++)
        {
            Assert.True(Math.Abs(reference[i] - output[i]) < 1e-5f * (1f + Math.Abs(reference[i])), $"element {i}: {reference[i]} vs {output[i]}");
        }

        Assert.Equal(conv.Weight.Name, folded.Weight.Name);
    }

    [Fact]
    public void FoldInto_ChannelMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BatchNorm2d("bn", 4).FoldInto(new Conv2d("c", 1, 5)));
    }

    [Fact]
    public void Forward_SingleValuePerChannel_ThrowsLikePyTorch()
    {
        Assert.Throws<ArgumentException>(() => new BatchNorm2d("bn", 1).Forward([1f], 1, 1, new float[1]));
    }

    [Fact]
    public void Constructor_BadMomentumOrEpsilon_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm2d("bn", 1, momentum: 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm2d("bn", 1, epsilon: 0f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNorm2d("bn", 0));
    }

    [Fact]
    public void Infer_AfterWarmUp_AllocatesNothing()
    {
        var bn = new BatchNorm2d("bn", 32);
        float[] data = GradientCheck.RandomArray(new Random(33), 32 * 64 * 2);
        bn.Infer(data, 128, data);
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => bn.Infer(data, 128, data), calls: 100));
    }
}
