using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Tests.Kernels;

public sealed class Int8GemvTests
{
    /// <summary>Every INT8 path this machine supports (the scalar one everywhere), by name.</summary>
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (Int8Path p in Enum.GetValues<Int8Path>())
        {
            if (Int8Paths.IsSupported(p))
            {
                data.Add(p.ToString());
            }
        }

        return data;
    }

    private static long[] NaiveAccumulators(QuantizedMatrix m, QuantizedVector x)
    {
        var q = new sbyte[m.Rows * m.Columns];
        m.CopyQuantizedTo(q);
        var result = new long[m.Rows];
        for (int r = 0; r < m.Rows; r++)
        {
            for (int k = 0; k < m.Columns; k++)
            {
                result[r] += (long)q[(r * m.Columns) + k] * x.Values[k];
            }
        }

        return result;
    }

    private static (QuantizedMatrix M, QuantizedVector X) RandomInts(Random rng, int rows, int cols)
    {
        var q = new sbyte[rows * cols];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = (sbyte)rng.Next(-127, 128);
        }

        var xs = new sbyte[cols];
        for (int i = 0; i < cols; i++)
        {
            xs[i] = (sbyte)rng.Next(-128, 128);
        }

        var x = new QuantizedVector(cols);
        x.SetQuantized(xs, 0.01f);
        return (QuantizedMatrix.FromQuantized(q, Enumerable.Repeat(0.02f, rows).ToArray(), rows, cols), x);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ComputeAccumulators_EveryColumnCount1To256_ExactIntegers(string pathName)
    {
        Int8Path path = Enum.Parse<Int8Path>(pathName);
        var rng = new Random(21);
        foreach (int rows in new[] { 1, 17, 33 })
        {
            for (int cols = 1; cols <= 256; cols += rows == 17 ? 1 : 5)
            {
                var (m, x) = RandomInts(rng, rows, cols);
                var acc = new int[rows];
                Int8Gemv.ComputeAccumulators(m, x, acc, path);
                Assert.Equal(NaiveAccumulators(m, x), acc.Select(a => (long)a).ToArray());
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ComputeAccumulators_ExtremeValuesAtMaxColumns_NoSaturationOrOverflow(string pathName)
    {
        // |x| = 128 against w = ∓127 makes every VPMADDUBSW pair 2·128·127 = 32512 (the int16 limit is 32767) and the
        // int32 total 65536·128·127 = 1 065 353 216 (the limit is 2 147 483 647).
        Int8Path path = Enum.Parse<Int8Path>(pathName);
        const int Cols = QuantizedMatrix.MaxColumns;
        var q = new sbyte[2 * Cols];
        Array.Fill(q, (sbyte)-127, 0, Cols);
        Array.Fill(q, (sbyte)127, Cols, Cols);
        var m = QuantizedMatrix.FromQuantized(q, [1f, 1f], 2, Cols);
        var x = new QuantizedVector(Cols);
        var xs = new sbyte[Cols];
        Array.Fill(xs, sbyte.MinValue);
        x.SetQuantized(xs, 1f);
        var acc = new int[2];
        Int8Gemv.ComputeAccumulators(m, x, acc, path);
        Assert.Equal(new[] { 65536 * 128 * 127, -65536 * 128 * 127 }, acc);
    }

    [Fact]
    public void OffsetArithmeticOfVnniPath_MatchesScalarIntegers()
    {
        // Runs everywhere: checks Σ (x + 128)·w − 128·rowSum, which the AVX-VNNI path relies on.
        var rng = new Random(13);
        foreach ((int rows, int cols) in new[] { (1, 1), (16, 64), (17, 130), (40, 255) })
        {
            var (m, x) = RandomInts(rng, rows, cols);
            var expected = new int[rows];
            Int8Gemv.ComputeAccumulators(m, x, expected, Int8Path.Scalar);
            var panel = new int[QuantizedMatrix.PanelRows];
            for (int p = 0; p * QuantizedMatrix.PanelRows < rows; p++)
            {
                Int8Kernels.PanelOffsetScalar(m, x, p, panel);
                for (int i = 0; i < QuantizedMatrix.PanelRows && (p * QuantizedMatrix.PanelRows) + i < rows; i++)
                {
                    Assert.Equal(expected[(p * QuantizedMatrix.PanelRows) + i], panel[i]);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_RandomData_WithinDerivedErrorBound(string pathName)
    {
        Int8Path path = Enum.Parse<Int8Path>(pathName);
        var rng = new Random(99);
        foreach ((int rows, int cols) in new[] { (1, 1), (3, 17), (65, 129), (257, 31), (768, 256) })
        {
            float[] w = KernelReference.Random(rng, rows * cols, 0.2f);
            float[] xf = KernelReference.Random(rng, cols, 2f);
            float[] bias = KernelReference.Random(rng, rows);
            var m = QuantizedMatrix.Quantize(w, rows, cols);
            var x = new QuantizedVector(cols);
            x.Quantize(xf);
            var y = new float[rows];
            Int8Gemv.MultiplyWithPath(m, x, bias, y, false, path);
            double sx = x.Scale;
            double sumAbsX = xf.Sum(v => Math.Abs((double)v));
            for (int r = 0; r < rows; r++)
            {
                double exact = bias[r], sumAbsW = 0, sumAbsProducts = 0;
                for (int k = 0; k < cols; k++)
                {
                    exact += (double)w[(r * cols) + k] * xf[k];
                    sumAbsW += Math.Abs(w[(r * cols) + k]);
                    sumAbsProducts += Math.Abs((double)w[(r * cols) + k] * xf[k]);
                }

                double sw = m.Scales[r];
                double quantisation = (sx / 2 * sumAbsW) + (sw / 2 * sumAbsX) + (cols * sw * sx / 4);

                // fp32 finish: int→float, scale product, multiply, bias add: ≤ 4 roundings of magnitudes ≤ Σ|w||x| (+ error) and |bias|.
                double rounding = 4 * KernelReference.FloatEpsilon * (sumAbsProducts + quantisation + Math.Abs(bias[r]));
                Assert.True(Math.Abs(y[r] - exact) <= quantisation + rounding, $"{rows}x{cols} row {r}: error {Math.Abs(y[r] - exact)}, bound {quantisation + rounding}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_EqualsAccumulatorsTimesScalesPlusBias(string pathName)
    {
        Int8Path path = Enum.Parse<Int8Path>(pathName);
        var rng = new Random(31);
        var (m, x) = RandomInts(rng, 50, 77);
        float[] bias = KernelReference.Random(rng, 50);
        float[] y0 = KernelReference.Random(rng, 50);
        var acc = new int[50];
        Int8Gemv.ComputeAccumulators(m, x, acc, Int8Path.Scalar);
        var y = (float[])y0.Clone();
        Int8Gemv.MultiplyWithPath(m, x, bias, y, true, path);
        for (int r = 0; r < 50; r++)
        {
            float expected = y0[r] + ((acc[r] * (m.Scales[r] * x.Scale)) + bias[r]);
            Assert.Equal(expected, y[r]);
        }
    }

    [Fact]
    public void Multiply_FloatInputOverload_EqualsQuantiseThenMultiply()
    {
        var rng = new Random(17);
        var m = QuantizedMatrix.Quantize(KernelReference.Random(rng, 40 * 33), 40, 33);
        float[] xf = KernelReference.Random(rng, 33);
        var x = new QuantizedVector(33);
        x.Quantize(xf);
        var expected = new float[40];
        Int8Gemv.Multiply(m, x, [], expected);
        var y = new float[40];
        Int8Gemv.Multiply(m, xf, new QuantizedVector(33), [], y);
        Assert.Equal(expected, y);
    }

    [Fact]
    public void Multiply_LengthMismatch_Throws()
    {
        var m = QuantizedMatrix.Quantize(new float[12], 3, 4);
        Assert.Throws<ArgumentException>("x", () => Int8Gemv.Multiply(m, new QuantizedVector(5), [], new float[3]));
        Assert.Throws<ArgumentException>("y", () => Int8Gemv.Multiply(m, new QuantizedVector(4), [], new float[2]));
        Assert.Throws<ArgumentException>("bias", () => Int8Gemv.Multiply(m, new QuantizedVector(4), new float[1], new float[3]));
    }

    [Fact]
    public void Multiply_AfterWarmUp_AllocatesNothing()
    {
        var rng = new Random(1);
        var m = QuantizedMatrix.Quantize(KernelReference.Random(rng, 768 * 256), 768, 256);
        float[] xf = KernelReference.Random(rng, 256);
        float[] bias = KernelReference.Random(rng, 768);
        var x = new QuantizedVector(256);
        var y = new float[768];
        for (int i = 0; i < 3; i++)
        {
            Int8Gemv.Multiply(m, xf, x, bias, y);
        }

        int call = 0;
        long bytes = AllocationProbe.MinAllocatedBytes(() => Int8Gemv.Multiply(m, xf, x, bias, y, accumulate: call++ % 2 == 1), calls: 100);
        Assert.Equal(0, bytes);
    }
}
