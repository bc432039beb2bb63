using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Tests.Conv;

public sealed class ConvBackboneTests
{
    private static void RandomizeNorms(ConvBackbone backbone, Random random)
    {
        foreach (ConvBlock block in backbone.Blocks)
        {
            for (int c = 0; c < block.OutChannels; c++)
            {
                block.Norm!.Gamma.Value[c] = 0.5f + random.NextSingle();
                block.Norm.Beta.Value[c] = random.NextSingle() - 0.5f;
                block.Norm.RunningMean[c] = (random.NextSingle() - 0.5f) * 0.1f;
                block.Norm.RunningVariance[c] = 0.05f + (0.2f * random.NextSingle());
            }
        }
    }

    [Fact]
    public void CreateSeedClassifier_ParameterCountMatchesHandCount()
    {
        ConvBackbone backbone = ConvBackbone.CreateSeedClassifier();

        // conv: 1·32·9+32, 32·64·9+64, 64·128·9+128; batch norm γ and β: 2·(32+64+128).
        Assert.Equal(320 + 18_496 + 73_856 + 448, backbone.Parameters.Sum(p => p.Length));
        Assert.Equal(128, backbone.FeatureCount);
        Assert.Equal(92_672, backbone.FoldBatchNorm().Parameters.Sum(p => p.Length));
    }

    [Fact]
    public void Infer_EqualsBlockByBlockThenAverage()
    {
        var random = new Random(61);
        ConvBackbone backbone = ConvBackbone.CreateSeedClassifier(random, [2, 2, 1]);
        RandomizeNorms(backbone, random);
        const int H = 40, W = 5;
        float[] current = GradientCheck.RandomArray(random, H * W);
        (int h, int w) = (H, W);
        var features = new float[128];
        backbone.Infer(current, H, W, features, new float[backbone.ScratchLength(H, W)]);
        foreach (ConvBlock block in backbone.Blocks)
        {
            var next = new float[block.OutChannels * block.OutputHeight(h) * block.OutputWidth(w)];
            block.Infer(current, h, w, next, new float[block.ScratchLength(h, w)]);
            (current, h, w) = (next, block.OutputHeight(h), block.OutputWidth(w));
        }

        Assert.Equal((5, 1), (h, w));
        for (int c = 0; c < 128; c++)
        {
            float expected = current.AsSpan(c * 5, 5).ToArray().Average();
            Assert.True(Math.Abs(expected - features[c]) <= 1e-5f * (1f + Math.Abs(expected)), $"feature {c}: {expected} vs {features[c]}");
        }
    }

    [Fact]
    public void FoldBatchNorm_FeaturesMatchUnfolded()
    {
        var random = new Random(62);
        ConvBackbone backbone = ConvBackbone.CreateSeedClassifier(random);
        RandomizeNorms(backbone, random);
        ConvBackbone folded = backbone.FoldBatchNorm();
        float[] patch = GradientCheck.RandomArray(random, 128 * 8);
        var scratch = new float[backbone.ScratchLength(128, 8)];
        var expected = new float[128];
        var actual = new float[128];
        backbone.Infer(patch, 128, 8, expected, scratch);
        folded.Infer(patch, 128, 8, actual, scratch);
        for (int i = 0; i < 128; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4f * (1f + Math.Abs(expected[i])), $"feature {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Fact]
    public void Infer_SeedClassifierOn128x5Patch_AllocatesNothingAfterWarmUp()
    {
        ConvBackbone backbone = ConvBackbone.CreateSeedClassifier(new Random(63), [2, 2, 1]).FoldBatchNorm();
        float[] patch = GradientCheck.RandomArray(new Random(64), 128 * 5);
        var scratch = new float[backbone.ScratchLength(128, 5)];
        var features = new float[128];
        backbone.Infer(patch, 128, 5, features, scratch);
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => backbone.Infer(patch, 128, 5, features, scratch)));
    }

    [Fact]
    public void ScratchLength_ThreeFramesWithSquarePools_ThrowsNamingTheBlock()
    {
        // The seed's 128×3 patch: width 3 → 1 → 0 after the second 2×2 pool (PyTorch fails there too).
        ArgumentException error = Assert.Throws<ArgumentException>(() => ConvBackbone.CreateSeedClassifier().ScratchLength(128, 3));
        Assert.Contains("conv2.0", error.Message, StringComparison.Ordinal);
        Assert.True(ConvBackbone.CreateSeedClassifier(null, [2, 1, 1]).ScratchLength(128, 3) > 0);
    }

    [Fact]
    public void Constructor_ChannelsDoNotChain_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ConvBackbone([new ConvBlock("a", 1, 4), new ConvBlock("b", 5, 8)]));
        Assert.Throws<ArgumentException>(() => new ConvBackbone([]));
    }

    [Fact]
    public void Backward_TwoBlocks_MatchesCentralDifferences()
    {
        var random = new Random(65);
        var backbone = new ConvBackbone([new ConvBlock("a", 1, 3, random), new ConvBlock("b", 3, 4, random)]);
        const int Batch = 2, H = 8, W = 6;
        float[] input = GradientCheck.RandomArray(random, Batch * H * W);
        float[] upstream = GradientCheck.RandomArray(random, Batch * 4);
        var features = new float[upstream.Length];
        double Loss()
        {
            backbone.Forward(input, Batch, H, W, features);
            return GradientCheck.Dot(features, upstream);
        }

        Loss();
        var inputGradient = new float[input.Length];
        backbone.Backward(upstream, inputGradient);
        foreach (var parameter in backbone.Parameters)
        {
            GradientCheck.Check(Loss, parameter.Value, parameter.Gradient, random, 10, parameter.Name, skipKinks: true);
        }

        GradientCheck.Check(Loss, input, inputGradient, random, 20, "input", skipKinks: true);
    }
}
