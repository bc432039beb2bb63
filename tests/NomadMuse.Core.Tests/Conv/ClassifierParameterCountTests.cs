using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Tests.Conv;

/// <summary>
/// The parameter budget of the seed's classifier (§3.3.1), counted from the real backbone layers plus the dense
/// tail, against the seed's "~150k" (docs/conv.md discusses the numbers).
/// </summary>
public sealed class ClassifierParameterCountTests
{
    private static int Dense(int inputs, int outputs) => (inputs * outputs) + outputs;

    // FC 128→256, FC 256→64, heads 64→20 (instrument), 64→trackTypeOutputs, 64→1 (confidence).
    private static int DenseTail(int trackTypeOutputs, int fc1 = 256) =>
        Dense(128, fc1) + Dense(fc1, 64) + Dense(64, 20) + Dense(64, trackTypeOutputs) + Dense(64, 1);

    [Fact]
    public void SeedClassifier_TrainableAndDeployedCounts()
    {
        ConvBackbone backbone = ConvBackbone.CreateSeedClassifier();
        int trainable = backbone.Parameters.Sum(p => p.Length) + DenseTail(trackTypeOutputs: 1);
        int deployed = backbone.FoldBatchNorm().Parameters.Sum(p => p.Length) + DenseTail(trackTypeOutputs: 1);
        Assert.Equal(144_022, trainable);
        Assert.Equal(143_574, deployed);

        // Within 5 % of the seed's ~150k total, although its split (85k conv / 50k FC / 15k heads) is not.
        Assert.InRange(trainable, 142_500, 157_500);
        Assert.Equal(1_430, Dense(64, 20) + Dense(64, 1) + Dense(64, 1));
    }

    [Fact]
    public void SeedClassifier_TwoLogitTrackTypeHead_Adds65()
    {
        ConvBackbone backbone = ConvBackbone.CreateSeedClassifier();
        Assert.Equal(144_087, backbone.Parameters.Sum(p => p.Length) + DenseTail(trackTypeOutputs: 2));
    }

    [Fact]
    public void Alternatives_DepthwiseSeparableAndWiderFc()
    {
        // Blocks 2 and 3 as depthwise 3×3 (+bias) then pointwise 1×1 (+bias); block 1 stays a full 3×3 on one channel.
        int depthwiseConv = (1 * 32 * 9) + 32
            + (32 * 9) + 32 + (32 * 64) + 64
            + (64 * 9) + 64 + (64 * 128) + 128;
        Assert.Equal(11_712, depthwiseConv);
        Assert.Equal(63_062, depthwiseConv + 448 + DenseTail(trackTypeOutputs: 1));

        // FC1 of 288 units instead of 256 lands right on ~150k with standard convolutions.
        ConvBackbone backbone = ConvBackbone.CreateSeedClassifier();
        Assert.Equal(150_198, backbone.Parameters.Sum(p => p.Length) + DenseTail(trackTypeOutputs: 1, fc1: 288));
    }
}
