using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Tests.Conv;

public sealed class ConvBlockTests
{
    private static ConvBlock TrainedLookingBlock(Random random, int inC, int outC)
    {
        var block = new ConvBlock("conv1", inC, outC, random);
        for (int c = 0; c < outC; c++)
        {
            block.Norm!.Gamma.Value[c] = 0.5f + random.NextSingle();
            block.Norm.Beta.Value[c] = random.NextSingle() - 0.5f;
            block.Norm.RunningMean[c] = (random.NextSingle() - 0.5f) * 0.2f;
            block.Norm.RunningVariance[c] = 0.05f + (0.3f * random.NextSingle());
        }

        return block;
    }

    [Fact]
    public void Parameters_FollowTheSeedStateDictNames()
    {
        var block = new ConvBlock("conv2", 32, 64);
        Assert.Equal(["conv2.0.weight", "conv2.0.bias", "conv2.1.weight", "conv2.1.bias"], block.Parameters.Select(p => p.Name));
        Assert.Equal((32 * 64 * 9) + 64 + 128, block.Parameters.Sum(p => p.Length));
    }

    [Fact]
    public void Infer_EqualsLayerByLayerComposition()
    {
        var random = new Random(51);
        ConvBlock block = TrainedLookingBlock(random, 2, 4);
        const int H = 9, W = 5;
        float[] input = GradientCheck.RandomArray(random, 2 * H * W);
        var expected = new float[4 * H * W];
        block.Conv.Infer(input, H, W, expected, new float[block.Conv.ScratchLength(H, W)]);
        block.Norm!.Infer(expected, H * W, expected);
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = Math.Max(expected[i], 0f);
        }

        var pooledExpected = new float[4 * 4 * 2];
        new MaxPool2d().Infer(expected, 4, H, W, pooledExpected);

        var output = new float[pooledExpected.Length];
        block.Infer(input, H, W, output, new float[block.ScratchLength(H, W)]);
        Assert.Equal(pooledExpected, output);
    }

    [Fact]
    public void FoldBatchNorm_InferMatchesUnfoldedBlock()
    {
        var random = new Random(52);
        ConvBlock block = TrainedLookingBlock(random, 3, 6);
        ConvBlock folded = block.FoldBatchNorm();
        Assert.Null(folded.Norm);
        Assert.Equal(2, folded.Parameters.Count);
        const int H = 16, W = 5;
        float[] input = GradientCheck.RandomArray(random, 3 * H * W);
        var scratch = new float[block.ScratchLength(H, W)];
        var expected = new float[6 * 8 * 2];
        var actual = new float[expected.Length];
        block.Infer(input, H, W, expected, scratch);
        folded.Infer(input, H, W, actual, scratch);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5f * (1f + Math.Abs(expected[i])), $"element {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Fact]
    public void Forward_WithoutNorm_EqualsInferForTheSameWeights()
    {
        var random = new Random(53);
        var block = new ConvBlock(new Conv2d("c", 2, 5, random: random), null, new MaxPool2d());
        const int Batch = 2, H = 7, W = 6;
        float[] input = GradientCheck.RandomArray(random, Batch * 2 * H * W);
        var batched = new float[Batch * 5 * 3 * 3];
        block.Forward(input, Batch, H, W, batched);
        var single = new float[5 * 3 * 3];
        var scratch = new float[block.ScratchLength(H, W)];
        for (int n = 0; n < Batch; n++)
        {
            block.Infer(input.AsSpan(n * 2 * H * W, 2 * H * W), H, W, single, scratch);
            Assert.Equal(single, batched.AsSpan(n * single.Length, single.Length).ToArray());
        }
    }

    [Fact]
    public void Forward_TrainingMode_EqualsInferWhenRunningStatsAreTheBatchStats()
    {
        // With one item, training normalises by the batch mean and biased variance; copy those into the running
        // statistics and the inference path must give the same output.
        var random = new Random(54);
        var block = new ConvBlock("b", 2, 3, random);
        const int H = 6, W = 4;
        float[] input = GradientCheck.RandomArray(random, 2 * H * W);
        var training = new float[3 * 3 * 2];
        block.Forward(input, 1, H, W, training);

        var convOut = new float[3 * H * W];
        block.Conv.Infer(input, H, W, convOut, new float[block.Conv.ScratchLength(H, W)]);
        for (int c = 0; c < 3; c++)
        {
            float[] plane = convOut.AsSpan(c * H * W, H * W).ToArray();
            double mean = plane.Average();
            block.Norm!.RunningMean[c] = (float)mean;
            block.Norm.RunningVariance[c] = (float)plane.Average(v => (v - mean) * (v - mean));
        }

        var inference = new float[training.Length];
        block.Infer(input, H, W, inference, new float[block.ScratchLength(H, W)]);
        for (int i = 0; i < training.Length; i++)
        {
            Assert.Equal(training[i], inference[i], 4);
        }
    }

    [Fact]
    public void Backward_AllParametersAndInput_MatchCentralDifferences()
    {
        var random = new Random(55);
        var block = new ConvBlock("b", 2, 3, random);
        GradientCheck.RandomArray(random, 3, 1.5f).CopyTo(block.Norm!.Gamma.Value, 0);
        const int Batch = 2, H = 6, W = 5;
        float[] input = GradientCheck.RandomArray(random, Batch * 2 * H * W);
        float[] upstream = GradientCheck.RandomArray(random, Batch * 3 * 3 * 2);
        var output = new float[upstream.Length];
        double Loss()
        {
            block.Forward(input, Batch, H, W, output);
            return GradientCheck.Dot(output, upstream);
        }

        Loss();
        var inputGradient = new float[input.Length];
        block.Backward(upstream, inputGradient);
        foreach (var parameter in block.Parameters)
        {
            GradientCheck.Check(Loss, parameter.Value, parameter.Gradient, random, 20, parameter.Name, skipKinks: true);
        }

        GradientCheck.Check(Loss, input, inputGradient, random, 30, "input", skipKinks: true);
    }

    [Fact]
    public void Constructor_NormChannelMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ConvBlock(new Conv2d("c", 1, 4), new BatchNorm2d("n", 3), new MaxPool2d()));
    }
}
