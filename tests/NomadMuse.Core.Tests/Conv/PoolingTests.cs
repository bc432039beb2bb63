using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Core.Tests.Conv;

public sealed class PoolingTests
{
    [Fact]
    public void MaxPool_OddSize_FloorsLikePyTorch()
    {
        // 1 channel, 3×5: windows cover rows 0–1 and columns 0–1, 2–3; row 2 and column 4 are dropped.
        float[] input =
        [
            1, 5, 2, 0, 99,
            3, 4, 8, 7, 99,
            99, 99, 99, 99, 99,
        ];
        var pool = new MaxPool2d();
        Assert.Equal(1, pool.OutputHeight(3));
        Assert.Equal(2, pool.OutputWidth(5));
        var output = new float[2];
        pool.Infer(input, 1, 3, 5, output);
        Assert.Equal([5f, 8f], output);
    }

    [Fact]
    public void MaxPool_FrequencyOnlyWindow_KeepsWidth()
    {
        var pool = new MaxPool2d(2, 1);
        var output = new float[3];
        pool.Infer([1, -2, 3, 4, 5, -6], 1, 2, 3, output);
        Assert.Equal([4f, 5f, 3f], output);
    }

    [Fact]
    public void MaxPool_Backward_RoutesGradientToArgMaxOnly()
    {
        var pool = new MaxPool2d();
        float[] input = [1, 5, 3, 4, /* channel 2 */ -1, -3, -2, -4];
        var output = new float[2];
        pool.Forward(input, 1, 2, 2, 2, output);
        Assert.Equal([5f, -1f], output);
        var gradient = new float[8];
        pool.Backward([10f, 20f], gradient);
        Assert.Equal([0f, 10f, 0f, 0f, 20f, 0f, 0f, 0f], gradient);
    }

    [Fact]
    public void MaxPool_Backward_MatchesCentralDifferences()
    {
        var random = new Random(41);
        const int Batch = 2, C = 3, H = 5, W = 7;
        int length = Batch * C * H * W;

        // Distinct values at least 0.01 apart, so a ±1e-3 step never changes which element wins a window.
        float[] input = Enumerable.Range(0, length).Select(i => i * 0.01f).OrderBy(_ => random.Next()).ToArray();
        var pool = new MaxPool2d();
        float[] upstream = GradientCheck.RandomArray(random, Batch * C * 2 * 3);
        var output = new float[upstream.Length];
        double Loss()
        {
            pool.Forward(input, Batch, C, H, W, output);
            return GradientCheck.Dot(output, upstream);
        }

        Loss();
        var gradient = new float[length];
        pool.Backward(upstream, gradient);
        GradientCheck.Check(Loss, input, gradient, random, length, "input");
    }

    [Fact]
    public void MaxPool_NaN_PropagatesLikePyTorch()
    {
        var output = new float[1];
        new MaxPool2d().Infer([1f, float.NaN, 3f, 2f], 1, 2, 2, output);
        Assert.True(float.IsNaN(output[0]));
    }

    [Fact]
    public void MaxPool_MapSmallerThanWindow_Throws()
    {
        Assert.Throws<ArgumentException>(() => new MaxPool2d().Infer(new float[3], 1, 3, 1, new float[1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxPool2d(0, 2));
        Assert.Throws<InvalidOperationException>(() => new MaxPool2d().Backward(new float[1], new float[4]));
    }

    [Fact]
    public void GlobalAveragePool_HandComputed()
    {
        var output = new float[2];
        GlobalAveragePool.Infer([1, 2, 3, 6, -1, -1, -1, -5], 2, 4, output);
        Assert.Equal([3f, -2f], output);
    }

    [Fact]
    public void GlobalAveragePool_Backward_MatchesCentralDifferences()
    {
        var random = new Random(42);
        const int Batch = 2, C = 3, Pixels = 10;
        float[] input = GradientCheck.RandomArray(random, Batch * C * Pixels);
        float[] upstream = GradientCheck.RandomArray(random, Batch * C);
        var pool = new GlobalAveragePool();
        var output = new float[upstream.Length];
        double Loss()
        {
            pool.Forward(input, Batch, C, Pixels, output);
            return GradientCheck.Dot(output, upstream);
        }

        Loss();
        var gradient = new float[input.Length];
        pool.Backward(upstream, gradient);
        GradientCheck.Check(Loss, input, gradient, random, input.Length, "input");
    }

    [Fact]
    public void Pools_Forward_EqualsInferPerItem()
    {
        var random = new Random(43);
        float[] input = GradientCheck.RandomArray(random, 3 * 4 * 9 * 5);
        var pool = new MaxPool2d();
        var batched = new float[3 * 4 * 4 * 2];
        pool.Forward(input, 3, 4, 9, 5, batched);
        var single = new float[4 * 4 * 2];
        var averaged = new float[3 * 4];
        new GlobalAveragePool().Forward(input, 3, 4, 45, averaged);
        var singleAverage = new float[4];
        for (int n = 0; n < 3; n++)
        {
            pool.Infer(input.AsSpan(n * 180, 180), 4, 9, 5, single);
            Assert.Equal(single, batched.AsSpan(n * 32, 32).ToArray());
            GlobalAveragePool.Infer(input.AsSpan(n * 180, 180), 4, 45, singleAverage);
            Assert.Equal(singleAverage, averaged.AsSpan(n * 4, 4).ToArray());
        }
    }

    [Fact]
    public void Pools_Infer_AfterWarmUp_AllocateNothing()
    {
        float[] input = GradientCheck.RandomArray(new Random(44), 32 * 128 * 5);
        var pooled = new float[32 * 64 * 2];
        var averaged = new float[32];
        var pool = new MaxPool2d();
        pool.Infer(input, 32, 128, 5, pooled);
        GlobalAveragePool.Infer(input, 32, 640, averaged);
        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                pool.Infer(input, 32, 128, 5, pooled);
                GlobalAveragePool.Infer(input, 32, 640, averaged);
            },
            calls: 50);

        Assert.Equal(0, bytes);
    }
}
