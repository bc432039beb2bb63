using NomadMuse.Core.Neural;

namespace NomadMuse.Core.Tests.Neural;

public sealed class DenseMathTests
{
    [Fact]
    public void Dot_EveryLength0To256_MatchesNaiveSum()
    {
        for (int n = 0; n <= 256; n++)
        {
            float[] a = GradientChecker.Random(n, n + 1), b = GradientChecker.Random(n, n + 1000);
            double expected = 0;
            for (int i = 0; i < n; i++)
            {
                expected += (double)a[i] * b[i];
            }

            Assert.True(Math.Abs(DenseMath.Dot(a, b) - expected) <= 1e-5 * (1 + n), $"length {n}");
        }
    }

    [Fact]
    public void MultiplyAdd_EveryLength0To256_MatchesNaiveLoop()
    {
        for (int n = 0; n <= 256; n++)
        {
            float[] x = GradientChecker.Random(n, n + 1), y = GradientChecker.Random(n, n + 2000);
            float[] expected = new float[n];
            for (int i = 0; i < n; i++)
            {
                expected[i] = y[i] + 0.75f * x[i];
            }

            DenseMath.MultiplyAdd(x, 0.75f, y);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(expected[i], y[i], 6);
            }
        }
    }

    [Fact]
    public void Dot_LengthMismatch_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => DenseMath.Dot(new float[3], new float[4]));
    }
}
