using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Tests.Conv;

public sealed class ReluTests
{
    [Fact]
    public void InPlace_EveryLength0To256_MatchesScalarDefinition()
    {
        var random = new Random(81);
        for (int length = 0; length <= 256; length++)
        {
            float[] values = GradientCheck.RandomArray(random, length);
            float[] expected = values.Select(v => v > 0f ? v : 0f).ToArray();
            Relu.InPlace(values);
            Assert.Equal(expected, values);
        }
    }

    [Fact]
    public void InPlace_SpecialValues_NaNPassesThroughLikePyTorch()
    {
        float[] values = [float.NaN, float.NegativeInfinity, float.PositiveInfinity, -0f, 0f, -1e-30f, 1e-30f, float.Epsilon];
        Relu.InPlace(values);
        Assert.True(float.IsNaN(values[0]));
        Assert.Equal([0f, float.PositiveInfinity, 0f, 0f, 0f, 1e-30f, float.Epsilon], values[1..]);
    }

    [Fact]
    public void BackwardInPlace_ZeroesGradientWhereOutputIsNotPositive()
    {
        float[] gradient = [1f, 2f, 3f];
        Relu.BackwardInPlace([0f, 0.5f, 0f], gradient);
        Assert.Equal([0f, 2f, 0f], gradient);
    }
}
