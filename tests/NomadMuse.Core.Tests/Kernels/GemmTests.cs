using NomadMuse.Core.Kernels;

namespace NomadMuse.Core.Tests.Kernels;

public sealed class GemmTests
{
    public enum Form
    {
        AB,
        ABt,
        AtB,
    }

    private static readonly (int M, int K, int N)[] Shapes =
    [
        (1, 1, 1), (3, 17, 5), (5, 3, 17), (65, 129, 33), (257, 31, 19), (4, 256, 48), (33, 1, 70), (7, 300, 9), (2, 5, 130),
        (9, 513, 40), // three k blocks of 256 with packed B strips (m ≥ 8)
    ];

    public static TheoryData<string, Form, bool> Cases()
    {
        var data = new TheoryData<string, Form, bool>();
        foreach (string path in KernelReference.SupportedSimdPaths())
        {
            foreach (Form form in Enum.GetValues<Form>())
            {
                data.Add(path, form, false);
                data.Add(path, form, true);
            }
        }

        return data;
    }

    private static void Run(Form form, float[] a, float[] b, float[] c, int m, int k, int n, bool accumulate, int threads, SimdPath path)
    {
        switch (form)
        {
            case Form.AB:
                Gemm.MultiplyWithPath(a, b, c, m, k, n, accumulate, threads, path);
                break;
            case Form.ABt:
                Gemm.MultiplyTransposedBWithPath(a, b, c, m, k, n, accumulate, threads, path);
                break;
            default:
                Gemm.MultiplyTransposedAWithPath(a, b, c, m, k, n, accumulate, threads, path);
                break;
        }
    }

    /// <summary>Element accessors of op(A) (i, p) and op(B) (p, j) for the stored row-major layouts.</summary>
    private static (Func<int, int, float> A, Func<int, int, float> B) Accessors(Form form, float[] a, float[] b, int m, int k, int n) => form switch
    {
        Form.AB => ((i, p) => a[(i * k) + p], (p, j) => b[(p * n) + j]),
        Form.ABt => ((i, p) => a[(i * k) + p], (p, j) => b[(j * k) + p]),
        _ => ((i, p) => a[(p * m) + i], (p, j) => b[(p * n) + j]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Multiply_OddShapes_MatchDoubleReference(string pathName, Form form, bool accumulate)
    {
        SimdPath path = KernelReference.Simd(pathName);
        var rng = new Random(42);
        foreach ((int m, int k, int n) in Shapes)
        {
            float[] a = KernelReference.Random(rng, m * k);
            float[] b = KernelReference.Random(rng, k * n);
            float[] c0 = KernelReference.Random(rng, m * n, 5f);
            float[] c = (float[])c0.Clone();
            Run(form, a, b, c, m, k, n, accumulate, 1, path);
            var (A, B) = Accessors(form, a, b, m, k, n);
            var (value, magnitude) = KernelReference.Gemm(m, k, n, A, B);
            for (int e = 0; e < m * n; e++)
            {
                double expected = value[e] + (accumulate ? c0[e] : 0);
                double tol = KernelReference.Tolerance(k, magnitude[e], accumulate ? Math.Abs(c0[e]) : 0);
                Assert.True(Math.Abs(c[e] - expected) <= tol, $"{form} {m}x{k}x{n} element {e}: got {c[e]}, expected {expected}, tolerance {tol}");
            }
        }
    }

    [Fact]
    public void Multiply_HandComputed2x2_ExactValues()
    {
        float[] a = [1, 2, 3, 4];
        float[] b = [5, 6, 7, 8];
        var c = new float[4];
        Gemm.Multiply(a, b, c, 2, 2, 2);
        Assert.Equal([19f, 22f, 43f, 50f], c);
        Gemm.MultiplyTransposedB(a, b, c, 2, 2, 2);
        Assert.Equal([17f, 23f, 39f, 53f], c);
        Gemm.MultiplyTransposedA(a, b, c, 2, 2, 2, accumulate: true);
        Assert.Equal([17f + 26f, 23f + 30f, 39f + 38f, 53f + 44f], c);
    }

    [Theory]
    [InlineData(Form.AB)]
    [InlineData(Form.ABt)]
    [InlineData(Form.AtB)]
    public void Multiply_MultiThreaded_BitIdenticalToSingleThreaded(Form form)
    {
        var rng = new Random(11);
        foreach ((int m, int k, int n) in new[] { (203, 97, 150), (64, 300, 64), (130, 64, 257) })
        {
            float[] a = KernelReference.Random(rng, m * k);
            float[] b = KernelReference.Random(rng, k * n);
            float[] c0 = KernelReference.Random(rng, m * n);
            float[] single = (float[])c0.Clone();
            Run(form, a, b, single, m, k, n, true, 1, SimdPaths.Best);
            foreach (int threads in new[] { 2, 3, 8 })
            {
                float[] multi = (float[])c0.Clone();
                Run(form, a, b, multi, m, k, n, true, threads, SimdPaths.Best);
                Assert.Equal(single, multi);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Multiply_ZeroInnerDimension_ClearsOrKeepsOutput(bool accumulate)
    {
        float[] c = [1, 2, 3, 4, 5, 6];
        Gemm.Multiply([], [], c, 2, 0, 3, accumulate);
        Assert.Equal(accumulate ? [1f, 2, 3, 4, 5, 6] : new float[6], c);
    }

    [Fact]
    public void Multiply_BadArguments_Throw()
    {
        var a = new float[6];
        var b = new float[6];
        var c = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>("degreeOfParallelism", () => Gemm.Multiply(a, b, c, 2, 3, 2, degreeOfParallelism: 0));
        Assert.Throws<ArgumentOutOfRangeException>("k", () => Gemm.Multiply(a, b, c, 2, -3, 2));
        Assert.Throws<ArgumentException>("a", () => Gemm.Multiply(a, b, c, 2, 4, 1));
        Assert.Throws<ArgumentException>("c", () => Gemm.MultiplyTransposedB(a, b, new float[3], 2, 3, 2));
        Assert.Throws<ArgumentException>("c", () => Gemm.MultiplyTransposedA(a, b, a.AsSpan(0, 4), 2, 3, 2));
    }

    [Fact]
    public void Multiply_SingleThreadedAfterWarmUp_AllocatesNothing()
    {
        var rng = new Random(2);
        float[] a = KernelReference.Random(rng, 32 * 64);
        float[] b = KernelReference.Random(rng, 64 * 48);
        float[] bt = KernelReference.Random(rng, 48 * 64);
        float[] at = KernelReference.Random(rng, 64 * 32);
        var c = new float[32 * 48];
        for (int i = 0; i < 2; i++)
        {
            Gemm.Multiply(a, b, c, 32, 64, 48);
            Gemm.MultiplyTransposedB(a, bt, c, 32, 64, 48);
            Gemm.MultiplyTransposedA(at, b, c, 32, 64, 48, accumulate: true);
        }

        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                Gemm.Multiply(a, b, c, 32, 64, 48);
                Gemm.MultiplyTransposedB(a, bt, c, 32, 64, 48);
                Gemm.MultiplyTransposedA(at, b, c, 32, 64, 48, accumulate: true);
            });

        Assert.Equal(0, bytes);
    }
}
