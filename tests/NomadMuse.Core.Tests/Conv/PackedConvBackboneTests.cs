using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural.Conv;
using NomadMuse.Testing;

namespace NomadMuse.Core.Tests.Conv;

public sealed class PackedConvBackboneTests
{
    /// <summary>Every float path this machine runs (the scalar one everywhere), by name.</summary>
    public static TheoryData<string> SimdPathNames()
    {
        var data = new TheoryData<string>();
        foreach (SimdPath p in Enum.GetValues<SimdPath>())
        {
            if (SimdPaths.IsSupported(p))
            {
                data.Add(p.ToString());
            }
        }

        return data;
    }

    private static ConvBackbone RandomBackbone(Random random, int inChannels, int[] channels, (int H, int W)[] pools)
    {
        var blocks = new ConvBlock[channels.Length];
        for (int i = 0; i < channels.Length; i++)
        {
            blocks[i] = new ConvBlock($"conv{i + 1}", i == 0 ? inChannels : channels[i - 1], channels[i], random, pools[i].H, pools[i].W);
            BatchNorm2d norm = blocks[i].Norm!;
            for (int c = 0; c < channels[i]; c++)
            {
                norm.Gamma.Value[c] = 0.5f + random.NextSingle();
                norm.Beta.Value[c] = random.NextSingle() - 0.5f;
                norm.RunningMean[c] = (random.NextSingle() - 0.5f) * 0.1f;
                norm.RunningVariance[c] = 0.05f + (0.2f * random.NextSingle());
            }
        }

        return new ConvBackbone(blocks);
    }

    private static float[] Reference(ConvBackbone backbone, float[] patch, int height, int width)
    {
        var features = new float[backbone.FeatureCount];
        backbone.Infer(patch, height, width, features, new float[backbone.ScratchLength(height, width)]);
        return features;
    }

    private static float[] Packed(PackedConvBackbone packed, float[] patch, int height, int width)
    {
        var features = new float[packed.FeatureCount];
        packed.Infer(patch, height, width, features, new float[packed.ScratchLength(height, width)]);
        return features;
    }

    [Theory]
    [MemberData(nameof(SimdPathNames))]
    public void Infer_SeedClassifier_MatchesIm2ColBackbone(string pathName)
    {
        var path = Enum.Parse<SimdPath>(pathName);
        var random = new Random(71);
        ConvBackbone backbone = RandomBackbone(random, 1, [32, 64, 128], [(2, 2), (2, 2), (2, 1)]);
        var packed = new PackedConvBackbone(backbone, false, path, Int8Path.Scalar);
        foreach ((int h, int w) in new[] { (128, 5), (40, 5), (16, 4), (12, 8) })
        {
            float[] patch = GradientCheck.RandomArray(random, h * w);
            float[] expected = Reference(backbone, patch, h, w);
            float[] actual = Packed(packed, patch, h, w);
            for (int c = 0; c < expected.Length; c++)
            {
                Assert.True(Math.Abs(expected[c] - actual[c]) <= 1e-5f * (1f + Math.Abs(expected[c])), $"{h}×{w} feature {c}: {expected[c]} vs {actual[c]}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(SimdPathNames))]
    public void Infer_OddChannelsAndSizes_RunEveryTail(string pathName)
    {
        // Channel counts off the vector widths and heights off the 4-pixel tile, several input channels (transposed load).
        var path = Enum.Parse<SimdPath>(pathName);
        var random = new Random(72);
        ConvBackbone backbone = RandomBackbone(random, 3, [5, 19, 37], [(1, 1), (2, 1), (1, 2)]);
        var packed = new PackedConvBackbone(backbone, false, path, Int8Path.Scalar);
        foreach ((int h, int w) in new[] { (13, 3), (7, 2), (2, 2), (2, 6), (9, 4) })
        {
            float[] patch = GradientCheck.RandomArray(random, 3 * h * w);
            float[] expected = Reference(backbone, patch, h, w);
            float[] actual = Packed(packed, patch, h, w);
            for (int c = 0; c < expected.Length; c++)
            {
                Assert.True(Math.Abs(expected[c] - actual[c]) <= 1e-5f * (1f + Math.Abs(expected[c])), $"{h}×{w} feature {c}: {expected[c]} vs {actual[c]}");
            }
        }
    }

    [Fact]
    public void Infer_Int8_StaysCloseToFloat()
    {
        var random = new Random(73);
        ConvBackbone backbone = RandomBackbone(random, 1, [32, 64, 128], [(2, 2), (2, 2), (2, 1)]);
        float[] patch = GradientCheck.RandomArray(random, 128 * 5);
        float[] expected = Reference(backbone, patch, 128, 5);
        float[] actual = Packed(new PackedConvBackbone(backbone, int8: true), patch, 128, 5);
        float scale = expected.Max(Math.Abs);
        double error = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(scale > 0.1f, "the features are not all near zero");
        Assert.True(error <= 0.02 * scale, $"max error {error} against max |feature| {scale}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Infer_AfterWarmUp_AllocatesNothing(bool int8)
    {
        var packed = new PackedConvBackbone(ConvBackbone.CreateSeedClassifier(new Random(74), [2, 2, 1]), int8);
        float[] patch = GradientCheck.RandomArray(new Random(75), 128 * 5);
        var features = new float[128];
        var scratch = new float[packed.ScratchLength(128, 5)];
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => packed.Infer(patch, 128, 5, features, scratch)));
    }

    [Fact]
    public void Constructor_KernelOtherThan3x3_Throws()
    {
        var block = new ConvBlock(new Conv2d("wide", 1, 4, kernelSize: 5, padding: 2), null, new MaxPool2d());
        var error = Assert.Throws<ArgumentException>(() => new PackedConvBackbone(new ConvBackbone([block])));
        Assert.Contains("wide", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_ShortScratchOrPatchPoolingToNothing_Throws()
    {
        var packed = new PackedConvBackbone(ConvBackbone.CreateSeedClassifier(new Random(76)));
        var features = new float[128];
        Assert.Throws<ArgumentException>(() => packed.Infer(new float[640], 128, 5, features, new float[packed.ScratchLength(128, 5) - 1]));
        Assert.Throws<ArgumentException>(() => packed.ScratchLength(128, 4)); // width 4 → 2 → 1 → 0 with 2×2 pools
    }
}
