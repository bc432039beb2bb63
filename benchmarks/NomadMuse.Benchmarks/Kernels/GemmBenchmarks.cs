using BenchmarkDotNet.Attributes;
using NomadMuse.Core.Kernels;

namespace NomadMuse.Benchmarks.Kernels;

/// <summary>A 256 × 256 × 256 fp32 GEMM in each of the three training forms, on one thread and on two.</summary>
[MemoryDiagnoser]
public class GemmBenchmarks
{
    private const int Size = 256;

    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        _a = new float[Size * Size];
        _b = new float[Size * Size];
        _c = new float[Size * Size];
        for (int i = 0; i < _a.Length; i++)
        {
            _a[i] = (float)rng.NextDouble();
            _b[i] = (float)rng.NextDouble();
        }
    }

    [Benchmark(Baseline = true)]
    public float AB()
    {
        Gemm.Multiply(_a, _b, _c, Size, Size, Size, degreeOfParallelism: Threads);
        return _c[0];
    }

    [Benchmark]
    public float ABt()
    {
        Gemm.MultiplyTransposedB(_a, _b, _c, Size, Size, Size, degreeOfParallelism: Threads);
        return _c[0];
    }

    [Benchmark]
    public float AtB()
    {
        Gemm.MultiplyTransposedA(_a, _b, _c, Size, Size, Size, degreeOfParallelism: Threads);
        return _c[0];
    }
}
