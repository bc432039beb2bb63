using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Tests.Conv;

public sealed class Conv2dTests
{
    // Direct convolution straight from the definition (cross-correlation, as PyTorch computes it).
    internal static float[] DirectConvolution(Conv2d conv, float[] input, int height, int width)
    {
        int k = conv.KernelSize, pad = conv.Padding;
        int outH = height + (2 * pad) - k + 1, outW = width + (2 * pad) - k + 1;
        var output = new float[conv.OutChannels * outH * outW];
        for (int o = 0; o < conv.OutChannels; o++)
        {
            for (int y = 0; y < outH; y++)
            {
                for (int x = 0; x < outW; x++)
                {
                    double sum = conv.Bias.Value[o];
                    for (int c = 0; c < conv.InChannels; c++)
                    {
                        for (int ky = 0; ky < k; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                int iy = y + ky - pad, ix = x + kx - pad;
                                if (iy >= 0 && iy < height && ix >= 0 && ix < width)
                                {
                                    sum += (double)conv.Weight.Value[(((((o * conv.InChannels) + c) * k) + ky) * k) + kx] * input[(((c * height) + iy) * width) + ix];
                                }
                            }
                        }
                    }

                    output[(((o * outH) + y) * outW) + x] = (float)sum;
                }
            }
        }

        return output;
    }

    [Theory]
    [InlineData(3, 5, 7, 5, 3, 1)]
    [InlineData(1, 4, 128, 5, 3, 1)]
    [InlineData(2, 3, 6, 9, 5, 2)]
    [InlineData(4, 2, 5, 5, 3, 0)]
    [InlineData(3, 6, 1, 1, 3, 1)]
    [InlineData(2, 2, 4, 3, 1, 0)]
    public void Infer_OddShapes_MatchesDirectConvolution(int inC, int outC, int height, int width, int kernel, int pad)
    {
        var random = new Random(21);
        var conv = new Conv2d("c", inC, outC, kernel, pad, random);
        float[] input = GradientCheck.RandomArray(random, inC * height * width);
        float[] expected = DirectConvolution(conv, input, height, width);
        var output = new float[expected.Length];
        conv.Infer(input, height, width, output, new float[conv.ScratchLength(height, width)]);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - output[i]) < 1e-5f, $"element {i}: {expected[i]} vs {output[i]}");
        }
    }

    [Fact]
    public void Forward_Batch_EqualsInferPerItem()
    {
        var random = new Random(22);
        var conv = new Conv2d("c", 3, 4, random: random);
        const int Batch = 3, H = 6, W = 5;
        float[] input = GradientCheck.RandomArray(random, Batch * 3 * H * W);
        var batched = new float[Batch * 4 * H * W];
        conv.Forward(input, Batch, H, W, batched);
        var single = new float[4 * H * W];
        var scratch = new float[conv.ScratchLength(H, W)];
        for (int n = 0; n < Batch; n++)
        {
            conv.Infer(input.AsSpan(n * 3 * H * W, 3 * H * W), H, W, single, scratch);
            Assert.Equal(single, batched.AsSpan(n * single.Length, single.Length).ToArray());
        }
    }

    [Fact]
    public void Backward_WeightsBiasInput_MatchCentralDifferences()
    {
        var random = new Random(23);
        var conv = new Conv2d("c", 3, 5, random: random);
        const int Batch = 2, H = 7, W = 5;
        float[] input = GradientCheck.RandomArray(random, Batch * 3 * H * W);
        float[] upstream = GradientCheck.RandomArray(random, Batch * 5 * H * W);
        var output = new float[upstream.Length];
        double Loss()
        {
            conv.Forward(input, Batch, H, W, output);
            return GradientCheck.Dot(output, upstream);
        }

        Loss();
        var inputGradient = new float[input.Length];
        conv.Backward(upstream, inputGradient);
        GradientCheck.Check(Loss, conv.Weight.Value, conv.Weight.Gradient, random, 40, "weight");
        GradientCheck.Check(Loss, conv.Bias.Value, conv.Bias.Gradient, random, 5, "bias");
        GradientCheck.Check(Loss, input, inputGradient, random, 40, "input");
    }

    [Fact]
    public void Backward_CalledTwice_AccumulatesParameterGradients()
    {
        var random = new Random(24);
        var conv = new Conv2d("c", 2, 3, random: random);
        float[] input = GradientCheck.RandomArray(random, 2 * 4 * 4);
        float[] upstream = GradientCheck.RandomArray(random, 3 * 4 * 4);
        conv.Forward(input, 1, 4, 4, new float[upstream.Length]);
        conv.Backward(upstream, []);
        float[] once = (float[])conv.Weight.Gradient.Clone();
        conv.Backward(upstream, []);
        for (int i = 0; i < once.Length; i++)
        {
            Assert.Equal(2 * once[i], conv.Weight.Gradient[i], 5);
        }
    }

    [Fact]
    public void Backward_AfterLargerEarlierBatch_UsesOnlyTheLastBatch()
    {
        var random = new Random(27);
        var reused = new Conv2d("c", 2, 3, random: random);
        var fresh = new Conv2d("c", 2, 3);
        reused.Weight.Value.CopyTo(fresh.Weight.Value, 0);
        reused.Bias.Value.CopyTo(fresh.Bias.Value, 0);
        float[] big = GradientCheck.RandomArray(random, 4 * 2 * 5 * 5);
        reused.Forward(big, 4, 5, 5, new float[4 * 3 * 5 * 5]);

        float[] small = GradientCheck.RandomArray(random, 2 * 4 * 3);
        float[] upstream = GradientCheck.RandomArray(random, 3 * 4 * 3);
        reused.Forward(small, 1, 4, 3, new float[upstream.Length]);
        fresh.Forward(small, 1, 4, 3, new float[upstream.Length]);
        var reusedInput = new float[small.Length];
        var freshInput = new float[small.Length];
        reused.Backward(upstream, reusedInput);
        fresh.Backward(upstream, freshInput);
        Assert.Equal(fresh.Weight.Gradient, reused.Weight.Gradient);
        Assert.Equal(fresh.Bias.Gradient, reused.Bias.Gradient);
        Assert.Equal(freshInput, reusedInput);
    }

    [Fact]
    public void Infer_AfterWarmUp_AllocatesNothing()
    {
        var conv = new Conv2d("c", 8, 16, random: new Random(25));
        float[] input = GradientCheck.RandomArray(new Random(26), 8 * 32 * 5);
        var output = new float[16 * 32 * 5];
        var scratch = new float[conv.ScratchLength(32, 5)];
        conv.Infer(input, 32, 5, output, scratch);
        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(() => conv.Infer(input, 32, 5, output, scratch), calls: 100));
    }

    [Fact]
    public void Parameters_PyTorchNamesAndLayout()
    {
        var conv = new Conv2d("conv1.0", 1, 32);
        Assert.Equal(["conv1.0.weight", "conv1.0.bias"], conv.Parameters.Select(p => p.Name));
        Assert.Equal([32, 1, 3, 3], conv.Weight.Shape);
        Assert.False(conv.Bias.DecayWeights);
    }

    [Fact]
    public void Infer_BadBuffers_ThrowArgumentExceptions()
    {
        var conv = new Conv2d("c", 2, 3);
        var scratch = new float[conv.ScratchLength(4, 4)];
        Assert.Throws<ArgumentException>(() => conv.Infer(new float[31], 4, 4, new float[48], scratch));
        Assert.Throws<ArgumentException>(() => conv.Infer(new float[32], 4, 4, new float[47], scratch));
        Assert.Throws<ArgumentException>(() => conv.Infer(new float[32], 4, 4, new float[48], new float[10]));
        Assert.Throws<ArgumentOutOfRangeException>(() => conv.Infer(new float[32], 0, 4, new float[48], scratch));
        Assert.Throws<InvalidOperationException>(() => new Conv2d("d", 1, 1).Backward(new float[1], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Conv2d("d", 1, 1, 3, 3));
        Assert.Throws<ArgumentException>(() => new Conv2d("v", 1, 1, 3, 0).Infer(new float[2], 1, 2, new float[1], new float[9]));
    }
}
