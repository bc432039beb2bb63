using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Tests.Kernels;

public sealed class GemvTests
{
    public static TheoryData<string> Paths => KernelReference.SupportedSimdPaths();

    private static void AssertGemv(float[] w, int rows, int cols, float[] x, float[] bias, float[] y0, float[] y, bool accumulate, string context)
    {
        var (refValue, refMag) = KernelReference.Gemm(rows, cols, 1, (i, p) => w[(i * cols) + p], (p, _) => x[p]);
        for (int r = 0; r < rows; r++)
        {
            double expected = refValue[r] + (bias.Length > 0 ? bias[r] : 0) + (accumulate ? y0[r] : 0);
            double extras = (bias.Length > 0 ? Math.Abs(bias[r]) : 0) + (accumulate ? Math.Abs(y0[r]) : 0);
            double tol = KernelReference.Tolerance(cols, refMag[r], extras);
            Assert.True(Math.Abs(y[r] - expected) <= tol, $"{context} row {r}: got {y[r]}, expected {expected}, tolerance {tol}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_EveryColumnCount0To256_MatchesDoubleReference(string pathName)
    {
        SimdPath path = KernelReference.Simd(pathName);
        var rng = new Random(1234);
        const int Rows = 7; // one 4-row block and three single rows
        for (int cols = 0; cols <= 256; cols++)
        {
            float[] w = KernelReference.Random(rng, Rows * cols);
            float[] x = KernelReference.Random(rng, cols);
            float[] bias = KernelReference.Random(rng, Rows);
            var y = new float[Rows];
            Gemv.MultiplyWithPath(w, Rows, cols, x, bias, y, false, path);
            AssertGemv(w, Rows, cols, x, bias, y, y, false, $"{path} cols {cols}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_Accumulate_AddsToExistingOutput(string pathName)
    {
        SimdPath path = KernelReference.Simd(pathName);
        var rng = new Random(77);
        foreach ((int rows, int cols) in new[] { (1, 1), (3, 17), (65, 129), (257, 31), (768, 256) })
        {
            float[] w = KernelReference.Random(rng, rows * cols);
            float[] x = KernelReference.Random(rng, cols);
            float[] y0 = KernelReference.Random(rng, rows, 10f);
            float[] y = (float[])y0.Clone();
            Gemv.MultiplyWithPath(w, rows, cols, x, [], y, true, path);
            AssertGemv(w, rows, cols, x, [], y0, y, true, $"{path} {rows}x{cols}");
        }
    }

    [Fact]
    public void Multiply_HandComputed2x3_ExactValues()
    {
        float[] w = [1, 2, 3, 4, 5, 6];
        float[] x = [1, 0, -1];
        var y = new float[2];
        Gemv.Multiply(w, 2, 3, x, [10, 20], y);
        Assert.Equal([8f, 18f], y); // 1−3+10, 4−6+20
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void MultiplyPair_GruShapes_EqualsTwoSeparateCalls(string pathName)
    {
        SimdPath path = KernelReference.Simd(pathName);
        var rng = new Random(5);
        foreach ((int hidden, int input) in new[] { (1, 1), (5, 3), (16, 40), (256, 64) })
        {
            int rows = 3 * hidden;
            float[] wih = KernelReference.Random(rng, rows * input);
            float[] whh = KernelReference.Random(rng, rows * hidden);
            float[] x = KernelReference.Random(rng, input);
            float[] h = KernelReference.Random(rng, hidden);
            float[] bih = KernelReference.Random(rng, rows);
            float[] bhh = KernelReference.Random(rng, rows);
            float[] gi = new float[rows], gh = new float[rows], gi2 = new float[rows], gh2 = new float[rows];
            Gemv.MultiplyPairWithPath(wih, input, x, bih, gi, whh, hidden, h, bhh, gh, rows, path);
            Gemv.MultiplyWithPath(wih, rows, input, x, bih, gi2, false, path);
            Gemv.MultiplyWithPath(whh, rows, hidden, h, bhh, gh2, false, path);
            Assert.Equal(gi2, gi); // same kernel, same order: bit-identical
            Assert.Equal(gh2, gh);
        }
    }

    [Fact]
    public void MultiplyTransposed_OddShape_MatchesDoubleReference()
    {
        var rng = new Random(9);
        const int Rows = 37, Cols = 45;
        float[] w = KernelReference.Random(rng, Rows * Cols);
        float[] x = KernelReference.Random(rng, Rows);
        var y = new float[Cols];
        Gemv.MultiplyTransposed(w, Rows, Cols, x, y);
        var (refValue, refMag) = KernelReference.Gemm(1, Rows, Cols, (_, p) => x[p], (p, j) => w[(p * Cols) + j]);
        for (int j = 0; j < Cols; j++)
        {
            Assert.True(Math.Abs(y[j] - refValue[j]) <= KernelReference.Tolerance(Rows, refMag[j], 0), $"column {j}");
        }
    }

    [Fact]
    public void MultiplyTransposed_Accumulate_AddsHandComputedValues()
    {
        // Wᵀ·x for W = [[1, 2, 3], [4, 5, 6]], x = [1, −1]: [1−4, 2−5, 3−6] = [−3, −3, −3], added to [10, 20, 30].
        float[] y = [10, 20, 30];
        Gemv.MultiplyTransposed([1, 2, 3, 4, 5, 6], 2, 3, [1, -1], y, accumulate: true);
        Assert.Equal([7f, 17f, 27f], y);
    }

    [Fact]
    public void MultiplyPair_OutputsOverlapping_Throws()
    {
        var w = new float[8];
        var x = new float[2];
        var y = new float[6];
        Assert.Throws<ArgumentException>("yB", () => Gemv.MultiplyPair(w, 2, x, [], y.AsSpan(0, 4), w, 2, x, [], y.AsSpan(2, 4), 4));
        Assert.Throws<ArgumentException>("yA", () => Gemv.MultiplyPair(w, 2, x, [], w.AsSpan(0, 4), new float[8], 2, x, [], new float[4], 4));
    }

    [Fact]
    public void Multiply_ShortSpansAndNegativeDimensions_Throw()
    {
        var w = new float[12];
        var x = new float[4];
        var y = new float[3];
        Assert.Throws<ArgumentOutOfRangeException>("rows", () => Gemv.Multiply(w, -1, 4, x, [], y));
        Assert.Throws<ArgumentException>("weights", () => Gemv.Multiply(w, 4, 4, x, [], new float[4]));
        Assert.Throws<ArgumentException>("x", () => Gemv.Multiply(w, 3, 4, x.AsSpan(0, 3), [], y));
        Assert.Throws<ArgumentException>("bias", () => Gemv.Multiply(w, 3, 4, x, new float[2], y));
        Assert.Throws<ArgumentException>("y", () => Gemv.Multiply(w, 3, 4, x, [], new float[2]));
        Assert.Throws<ArgumentException>("y", () => Gemv.Multiply(w, 3, 4, x, [], w.AsSpan(0, 3)));
    }

    [Fact]
    public void Multiply_AfterWarmUp_AllocatesNothing()
    {
        var rng = new Random(3);
        float[] w = KernelReference.Random(rng, 768 * 256);
        float[] x = KernelReference.Random(rng, 256);
        float[] h = KernelReference.Random(rng, 256);
        float[] bias = KernelReference.Random(rng, 768);
        var y = new float[768];
        var y2 = new float[768];
        var yt = new float[256];
        for (int i = 0; i < 3; i++)
        {
            Gemv.Multiply(w, 768, 256, x, bias, y);
            Gemv.MultiplyPair(w, 256, x, bias, y, w, 256, h, bias, y2, 768);
            Gemv.MultiplyTransposed(w, 768, 256, y, yt);
        }

        int call = 0;
        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                Gemv.Multiply(w, 768, 256, x, bias, y, accumulate: call++ % 2 == 0);
                Gemv.MultiplyPair(w, 256, x, bias, y, w, 256, h, bias, y2, 768);
                Gemv.MultiplyTransposed(w, 768, 256, y, yt);
            },
            calls: 100);

        Assert.Equal(0, bytes);
    }
}
