using NomadMuse.Personalization;

namespace NomadMuse.Personalization.Tests;

public sealed class AdapterWeightingTests
{
    [Theory]
    [InlineData(0, 9.079573746e-6)] // 0.2 / (1 + e^10)
    [InlineData(5, 0.001338570)] // 0.2 / (1 + e^5)
    [InlineData(10, 0.1)]
    [InlineData(11, 0.146211716)] // 0.2 · sigmoid(1) = 0.2 · 0.731058579
    [InlineData(20, 0.199990920)]
    public void Gamma_KnownValues(int sessions, double expected)
    {
        Assert.Equal(expected, AdapterWeighting.Gamma(sessions), 8);
    }

    [Fact]
    public void Gamma_RisesMonotonicallyTowardsTheCap()
    {
        double previous = 0;
        for (int n = 0; n < 1000; n++)
        {
            double g = AdapterWeighting.Gamma(n);
            Assert.True(g >= previous && g <= AdapterWeighting.MaxGamma, $"γ({n}) = {g}");
            previous = g;
        }

        Assert.Equal(0.2, AdapterWeighting.Gamma(int.MaxValue), 12);
        Assert.Equal("sessions", Assert.Throws<ArgumentOutOfRangeException>(() => AdapterWeighting.Gamma(-1)).ParamName);
    }

    [Fact]
    public void WeightOf_AcceptedOneRejectedOneTenth()
    {
        Assert.Equal(1.0f, AdapterWeighting.WeightOf(SequenceOutcome.Accepted));
        Assert.Equal(0.1f, AdapterWeighting.WeightOf(SequenceOutcome.Rejected));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdapterWeighting.WeightOf((SequenceOutcome)5));
    }
}
