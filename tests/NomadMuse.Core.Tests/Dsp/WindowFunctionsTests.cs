using NomadMuse.Core.Dsp;

namespace NomadMuse.Core.Tests.Dsp;

public sealed class WindowFunctionsTests
{
    [Fact]
    public void Hann_PeriodicFourPoints_IsZeroHalfOneHalf()
    {
        float[] w = new float[4];
        WindowFunctions.Hann(w, WindowSymmetry.Periodic);
        Assert.Equal([0f, 0.5f, 1f, 0.5f], w);
    }

    [Fact]
    public void Hann_SymmetricFivePoints_IsZeroHalfOneHalfZero()
    {
        float[] w = new float[5];
        WindowFunctions.Hann(w, WindowSymmetry.Symmetric);
        Assert.Equal([0f, 0.5f, 1f, 0.5f, 0f], w);
    }

    [Fact]
    public void Hann_Periodic_EqualsSymmetricOfOneMorePointTruncated()
    {
        float[] periodic = new float[64];
        float[] symmetric = new float[65];
        WindowFunctions.Hann(periodic, WindowSymmetry.Periodic);
        WindowFunctions.Hann(symmetric, WindowSymmetry.Symmetric);
        Assert.Equal(symmetric[..64], periodic);
    }

    [Fact]
    public void Hann_PeriodicHalfOverlap_SumsToOne()
    {
        const int n = 4096;
        float[] w = new float[n];
        WindowFunctions.Hann(w, WindowSymmetry.Periodic);
        for (int i = 0; i < n / 2; i++)
        {
            Assert.Equal(1.0, w[i] + w[i + (n / 2)], 6);
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(4096)]
    [InlineData(8192)]
    public void SumOfSquares_PeriodicHann_IsThreeEighthsN(int n)
    {
        float[] w = new float[n];
        WindowFunctions.Hann(w, WindowSymmetry.Periodic);
        Assert.Equal(3.0 * n / 8.0, WindowFunctions.SumOfSquares(w), 3);
    }

    [Fact]
    public void Hann_EmptyAndSinglePoint_AreDefined()
    {
        WindowFunctions.Hann(Span<float>.Empty, WindowSymmetry.Symmetric);
        float[] one = new float[1];
        WindowFunctions.Hann(one, WindowSymmetry.Periodic);
        Assert.Equal(1f, one[0]);
    }

    [Fact]
    public void Hann_UndefinedSymmetry_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => WindowFunctions.Hann(new float[4], (WindowSymmetry)7));
        Assert.Equal("symmetry", ex.ParamName);
    }
}
