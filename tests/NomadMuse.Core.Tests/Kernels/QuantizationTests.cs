using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Tests.Kernels;

public sealed class QuantizationTests
{
    [Fact]
    public void Quantize_HandExample_ScalesRoundsAndSumsPerRow()
    {
        // Row 0: max 1 → scale 1/127; 0.5·127 = 63.5 → 64 (ties to even), 0.25·127 = 31.75 → 32. Row 1 is all zero.
        float[] w = [0.5f, -1f, 0.25f, 0f, 0f, 0f];
        var m = QuantizedMatrix.Quantize(w, 2, 3);
        Assert.Equal(1f / 127f, m.Scales[0]);
        Assert.Equal(0f, m.Scales[1]);
        var q = new sbyte[6];
        m.CopyQuantizedTo(q);
        Assert.Equal(new sbyte[] { 64, -127, 32, 0, 0, 0 }, q);
        Assert.Equal(new[] { 64 - 127 + 32, 0 }, m.RowSums.ToArray());
        Assert.Equal(4, m.PaddedColumns);
    }

    [Fact]
    public void Quantize_RandomWeights_DequantisedWithinHalfAStep()
    {
        var rng = new Random(8);
        const int Rows = 37, Cols = 53;
        float[] w = KernelReference.Random(rng, Rows * Cols, 3f);
        var m = QuantizedMatrix.Quantize(w, Rows, Cols);
        var back = new float[Rows * Cols];
        m.Dequantize(back);
        for (int r = 0; r < Rows; r++)
        {
            float max = 0;
            for (int k = 0; k < Cols; k++)
            {
                max = Math.Max(max, Math.Abs(w[(r * Cols) + k]));
            }

            Assert.Equal(max / 127f, m.Scales[r]);
            for (int k = 0; k < Cols; k++)
            {
                Assert.True(Math.Abs(back[(r * Cols) + k] - w[(r * Cols) + k]) <= (m.Scales[r] / 2) * (1 + 1e-5), $"[{r}, {k}]");
            }
        }
    }

    [Fact]
    public void FromQuantized_RoundTripsThroughCopyQuantizedTo()
    {
        var rng = new Random(4);
        const int Rows = 19, Cols = 7;
        var q = new sbyte[Rows * Cols];
        var scales = new float[Rows];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = (sbyte)rng.Next(-127, 128);
        }

        for (int r = 0; r < Rows; r++)
        {
            scales[r] = (float)rng.NextDouble();
        }

        var m = QuantizedMatrix.FromQuantized(q, scales, Rows, Cols);
        var copy = new sbyte[q.Length];
        m.CopyQuantizedTo(copy);
        Assert.Equal(q, copy);
        Assert.Equal(scales, m.Scales.ToArray());
        for (int r = 0; r < Rows; r++)
        {
            int sum = 0;
            for (int k = 0; k < Cols; k++)
            {
                sum += q[(r * Cols) + k];
            }

            Assert.Equal(sum, m.RowSums[r]);
        }
    }

    [Fact]
    public void FromQuantizedAndQuantize_InvalidInput_Throw()
    {
        Assert.Throws<ArgumentException>("quantized", () => QuantizedMatrix.FromQuantized(new sbyte[] { 1, sbyte.MinValue }, [1f], 1, 2));
        Assert.Throws<ArgumentException>("scales", () => QuantizedMatrix.FromQuantized(new sbyte[] { 1, 2 }, [-1f], 1, 2));
        Assert.Throws<ArgumentException>("weights", () => QuantizedMatrix.Quantize([1f, float.NaN], 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>("columns", () => QuantizedMatrix.Quantize([1f], 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>("rows", () => QuantizedMatrix.Quantize([1f], 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>("columns", () => QuantizedMatrix.Quantize(new float[QuantizedMatrix.MaxColumns + 1], 1, QuantizedMatrix.MaxColumns + 1));
    }

    [Fact]
    public void QuantizedVector_TiesAcrossVectorAndScalarLanes_RoundToEven()
    {
        // max = 127 → inverse 1: 0.5 → 0, 1.5 → 2, 2.5 → 2, −0.5 → 0, −1.5 → −2. 40 elements: vector lanes and a scalar tail.
        float[] pattern = [127f, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -126.5f, 3f];
        sbyte[] expected = [127, 0, 2, 2, 0, -2, -126, 3];
        var x = new float[40];
        var want = new sbyte[40];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = pattern[i % pattern.Length];
            want[i] = expected[i % expected.Length];
        }

        var v = new QuantizedVector(x.Length);
        v.Quantize(x);
        Assert.Equal(1f, v.Scale);
        Assert.Equal(want, v.Values.ToArray());
    }

    [Fact]
    public void QuantizedVector_EveryLength1To100_MatchesScalarDefinition()
    {
        var rng = new Random(6);
        for (int n = 1; n <= 100; n++)
        {
            float[] x = KernelReference.Random(rng, n, 4f);
            var v = new QuantizedVector(n);
            v.Quantize(x);
            float max = x.Max(Math.Abs);
            Assert.Equal(max / 127f, v.Scale);
            float inverse = 127f / max;
            for (int k = 0; k < n; k++)
            {
                Assert.Equal((sbyte)Math.Round(x[k] * inverse, MidpointRounding.ToEven), v.Values[k]);
            }
        }
    }

    [Fact]
    public void QuantizedVector_ZerosAndBadInput_HandledExplicitly()
    {
        var v = new QuantizedVector(5);
        v.Quantize(new float[5]);
        Assert.Equal(0f, v.Scale);
        Assert.All(v.Values.ToArray(), q => Assert.Equal(0, q));
        Assert.Throws<ArgumentException>("x", () => v.Quantize([1f, 2f, float.PositiveInfinity, 0f, 0f]));
        Assert.Throws<ArgumentException>("x", () => v.Quantize(new float[4]));
        Assert.Throws<ArgumentOutOfRangeException>("scale", () => v.SetQuantized(new sbyte[5], float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>("length", () => new QuantizedVector(0));
    }
}
