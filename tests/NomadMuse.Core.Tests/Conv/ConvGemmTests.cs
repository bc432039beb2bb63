using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Tests.Conv;

public sealed class ConvGemmTests
{
    private static float[] Naive(float[] a, float[] b, float[] c, int m, int k, int n, bool transA, bool transB)
    {
        var result = (float[])c.Clone();
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float av = transA ? a[(p * m) + i] : a[(i * k) + p];
                    float bv = transB ? b[(j * k) + p] : b[(p * n) + j];
                    sum += (double)av * bv;
                }

                result[(i * n) + j] += (float)sum;
            }
        }

        return result;
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4f * (1f + Math.Abs(expected[i])), $"{what} at {i}: {expected[i]} vs {actual[i]}");
        }
    }

    [Fact]
    public void MultiplyAdd_EveryWidth0To70AndRowCounts1To9_MatchesNaive()
    {
        var random = new Random(11);
        for (int m = 1; m <= 9; m += 4)
        {
            foreach (int k in new[] { 1, 3, 9 })
            {
                for (int n = 0; n <= 70; n++)
                {
                    float[] a = GradientCheck.RandomArray(random, m * k);
                    float[] b = GradientCheck.RandomArray(random, k * n);
                    float[] c = GradientCheck.RandomArray(random, m * n);
                    float[] expected = Naive(a, b, c, m, k, n, false, false);
                    ConvGemm.MultiplyAdd(a, b, c, m, k, n);
                    AssertClose(expected, c, $"m={m} k={k} n={n}");
                }
            }
        }
    }

    [Fact]
    public void MultiplyAdd_WidthsBracketingVectors_AllRowRemainders_MatchNaive()
    {
        var random = new Random(12);
        foreach (int n in new[] { 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256 })
        {
            for (int m = 1; m <= 8; m++)
            {
                float[] a = GradientCheck.RandomArray(random, m * 5);
                float[] b = GradientCheck.RandomArray(random, 5 * n);
                float[] c = GradientCheck.RandomArray(random, m * n);
                float[] expected = Naive(a, b, c, m, 5, n, false, false);
                ConvGemm.MultiplyAdd(a, b, c, m, 5, n);
                AssertClose(expected, c, $"m={m} n={n}");
            }
        }
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 7, 5)]
    [InlineData(6, 17, 33)]
    public void TransposedVariants_MatchNaive(int m, int k, int n)
    {
        var random = new Random(13);
        float[] a = GradientCheck.RandomArray(random, m * k);
        float[] b = GradientCheck.RandomArray(random, k * n);
        float[] c = GradientCheck.RandomArray(random, m * n);
        float[] expectedA = Naive(a, b, c, m, k, n, true, false);
        float[] cA = (float[])c.Clone();
        ConvGemm.MultiplyAddTransposedA(a, b, cA, m, k, n);
        AssertClose(expectedA, cA, "Aᵀ·B");

        float[] expectedB = Naive(a, b, c, m, k, n, false, true);
        float[] cB = (float[])c.Clone();
        ConvGemm.MultiplyAddTransposedB(a, b, cB, m, k, n);
        AssertClose(expectedB, cB, "A·Bᵀ");
    }

    [Fact]
    public void MultiplyAdd_ShortOperand_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => ConvGemm.MultiplyAdd(new float[5], new float[6], new float[4], 2, 3, 2));
    }
}
