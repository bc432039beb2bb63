using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Tests.Conv;

public sealed class Int8Conv3x3Tests
{
    /// <summary>Every INT8 path of this kernel the machine runs (the scalar one everywhere), by name.</summary>
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (Int8Path p in Enum.GetValues<Int8Path>())
        {
            if (Int8Conv3x3.Supports(p))
            {
                data.Add(p.ToString());
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Multiply_EqualsOneInt8GemvPerPixelBitForBit(string pathName)
    {
        var path = Enum.Parse<Int8Path>(pathName);
        var random = new Random(81);
        // (height, width, channels, outChannels): tails of the 4-pixel tile, of the 16-row panel and of the 4-column group.
        foreach ((int h, int w, int c, int o) in new[] { (8, 2, 32, 64), (7, 3, 5, 20), (1, 1, 3, 16), (5, 1, 64, 33) })
        {
            float[] map = GradientCheck.RandomArray(random, h * w * c);
            map[random.Next(map.Length)] = 0f;
            float[] weights = GradientCheck.RandomArray(random, o * c * 9, 0.3f); // PyTorch order [o, c, tap]
            float[] bias = GradientCheck.RandomArray(random, o);

            // Reference: the PyTorch-order column of each pixel through Int8Gemv.
            QuantizedMatrix reference = QuantizedMatrix.Quantize(weights, o, c * 9);
            var vector = new QuantizedVector(c * 9);
            var column = new float[c * 9];
            var expected = new float[h * w * o];
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        for (int t = 0; t < 9; t++)
                        {
                            int yy = y + (t / 3) - 1, xx = x + (t % 3) - 1;
                            column[(ch * 9) + t] = (uint)yy < (uint)h && (uint)xx < (uint)w ? map[(((yy * w) + xx) * c) + ch] : 0f;
                        }
                    }

                    Int8Gemv.Multiply(reference, column, vector, bias, expected.AsSpan(((y * w) + x) * o, o));
                }
            }

            // Packed: row-padded channel-last map, (tap, channel) columns, weights permuted the same way.
            var padded = new float[(h + 2) * w * c];
            map.CopyTo(padded, w * c);
            var permuted = new float[o * c * 9];
            for (int r = 0; r < o; r++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    for (int t = 0; t < 9; t++)
                    {
                        permuted[(r * c * 9) + (t * c) + ch] = weights[(((r * c) + ch) * 9) + t];
                    }
                }
            }

            QuantizedMatrix packed = QuantizedMatrix.Quantize(permuted, o, c * 9);
            var columns = new sbyte[h * w * Int8Conv3x3.ColumnBytes(c)];
            var scales = new float[h * w];
            var actual = new float[h * w * o];
            Int8Conv3x3.Unfold(padded, h, w, c, new float[c * 9], columns, scales, path);
            Int8Conv3x3.Multiply(columns, scales, h * w, packed, bias, actual, path);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Unfold_NonFiniteInput_Throws()
    {
        var padded = new float[4 * 2 * 4];
        padded[10] = float.NaN;
        Assert.Throws<ArgumentException>(() =>
            Int8Conv3x3.Unfold(padded, 2, 2, 4, new float[36], new sbyte[4 * 36], new float[4], Int8Path.Scalar));
    }
}
