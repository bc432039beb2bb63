using NomadMuse.Generation.Runtime.Sampling;

namespace NomadMuse.Generation.Tests.Runtime;

public sealed class SamplingTests
{
    [Theory]
    [InlineData(1.0, 85, 80, 10, 1.15)]   // z = 0.5 → 1 + 0.15
    [InlineData(1.0, 70, 80, 10, 0.7)]    // z = −1 → 0.7 exactly
    [InlineData(1.0, 100, 80, 10, 1.3)]   // z = 2 → 1.6, clamped
    [InlineData(1.0, 20, 80, 10, 0.7)]    // z = −6 → −0.8, clamped
    [InlineData(0.8, 85, 80, 10, 0.92)]   // the clamp is on the factor: 0.8 · 1.15
    [InlineData(1.2, 90, 80, 0, 1.2)]     // σ = 0: no information, base
    public void AdaptiveTemperature_Compute_MatchesTheSeedFormula(double baseT, double v, double mean, double sigma, double expected) =>
        Assert.Equal(expected, AdaptiveTemperature.Compute(baseT, v, mean, sigma), 1e-12);

    [Fact]
    public void Sample_TopKOne_ReturnsTheArgmax()
    {
        var sampler = new TokenSampler(6);
        var random = new SamplingRandom(1);
        float[] logits = [0.5f, 2f, -1f, 1.9f, float.NegativeInfinity, 0f];
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(1, sampler.Sample(logits, 1f, 1, 1f, random, out _, out _));
        }
    }

    [Fact]
    public void Sample_TinyTopP_ReturnsTheArgmax()
    {
        var sampler = new TokenSampler(4);
        var random = new SamplingRandom(2);
        float[] logits = [3f, 2.5f, 1f, 0f];
        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(0, sampler.Sample(logits, 1f, 0, 0.01f, random, out _, out _));
        }
    }

    [Fact]
    public void Sample_TopP_KeepsOnlyTheNucleus()
    {
        // Probabilities ∝ e^{2,1,0,−1}: 0.644, 0.237, 0.087, 0.032. p = 0.85 keeps the first two (0.881 ≥ 0.85).
        var sampler = new TokenSampler(4);
        var random = new SamplingRandom(3);
        float[] logits = [2f, 1f, 0f, -1f];
        var seen = new int[4];
        for (int i = 0; i < 5000; i++)
        {
            seen[sampler.Sample(logits, 1f, 0, 0.85f, random, out _, out _)]++;
        }

        Assert.Equal(0, seen[2] + seen[3]);
        Assert.InRange(seen[0] / 5000.0, 0.644 / 0.881 - 0.03, 0.644 / 0.881 + 0.03);
    }

    [Fact]
    public void Sample_NoTruncation_FollowsTheSoftmaxAtTheTemperature()
    {
        // T = 2: probabilities ∝ e^{l/2} for l = 0, ln 4, ln 9 → 1 : 2 : 3.
        var sampler = new TokenSampler(3);
        var random = new SamplingRandom(4);
        float[] logits = [0f, MathF.Log(4), MathF.Log(9)];
        var seen = new int[3];
        const int N = 60_000;
        float probability = 0;
        for (int i = 0; i < N; i++)
        {
            int t = sampler.Sample(logits, 2f, 0, 1f, random, out float p, out float max);
            seen[t]++;
            if (t == 2)
            {
                probability = p;
                Assert.Equal(0.5f, max, 1e-5f);
            }
        }

        Assert.Equal(0.5f, probability, 1e-5f);
        for (int t = 0; t < 3; t++)
        {
            Assert.InRange(seen[t] / (double)N, ((t + 1) / 6.0) - 0.01, ((t + 1) / 6.0) + 0.01);
        }
    }

    [Fact]
    public void Sample_MaskedTokens_AreNeverDrawn_AndAllMaskedGivesMinusOne()
    {
        var sampler = new TokenSampler(5);
        var random = new SamplingRandom(5);
        float ninf = float.NegativeInfinity;
        float[] logits = [ninf, 0f, ninf, 0f, ninf];
        for (int i = 0; i < 1000; i++)
        {
            int t = sampler.Sample(logits, 1f, 0, 0.95f, random, out _, out _);
            Assert.True(t is 1 or 3);
        }

        Assert.Equal(-1, sampler.Sample([ninf, ninf, ninf, ninf, ninf], 1f, 0, 1f, random, out float p, out _));
        Assert.Equal(0f, p);
    }

    [Fact]
    public void SamplingRandom_SameSeed_SameSequence_UniformInUnitInterval()
    {
        var a = new SamplingRandom(99);
        var b = new SamplingRandom(99);
        double sum = 0;
        for (int i = 0; i < 10_000; i++)
        {
            double x = a.NextDouble();
            Assert.Equal(x, b.NextDouble());
            Assert.InRange(x, 0, 1 - 1e-17);
            sum += x;
        }

        Assert.InRange(sum / 10_000, 0.49, 0.51);
    }
}
