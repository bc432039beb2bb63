using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using NomadMuse.Core.Kernels;

namespace NomadMuse.Benchmarks.Kernels;

/// <summary>
/// One inference-step matrix–vector product at the size of a GRU with hidden 256 (3 gates × 256 rows, 256 inputs):
/// naive scalar (baseline), TensorPrimitives.Dot per row, our fused fp32 kernel, our INT8 kernel (with and without
/// quantising x), the forced 512-bit fp32 path, each INT8 instruction path, and the GRU pair (W_ih·x and W_hh·h) fused vs two calls.
/// </summary>
[MemoryDiagnoser]
public class GemvBenchmarks
{
    private const int Rows = 768;
    private const int Cols = 256;

    private float[] _w = [];
    private float[] _w2 = [];
    private float[] _x = [];
    private float[] _h = [];
    private float[] _bias = [];
    private float[] _y = [];
    private float[] _y2 = [];
    private QuantizedMatrix _q = null!;
    private QuantizedVector _xq = null!;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _w = Fill(rng, Rows * Cols);
        _w2 = Fill(rng, Rows * Cols);
        _x = Fill(rng, Cols);
        _h = Fill(rng, Cols);
        _bias = Fill(rng, Rows);
        _y = new float[Rows];
        _y2 = new float[Rows];
        _q = QuantizedMatrix.Quantize(_w, Rows, Cols);
        _xq = new QuantizedVector(Cols);
        _xq.Quantize(_x);
    }

    [Benchmark(Baseline = true)]
    public float NaiveScalar()
    {
        for (int r = 0; r < Rows; r++)
        {
            float s = 0f;
            int o = r * Cols;
            for (int k = 0; k < Cols; k++)
            {
                s += _w[o + k] * _x[k];
            }

            _y[r] = s + _bias[r];
        }

        return _y[0];
    }

    [Benchmark]
    public float TensorPrimitivesPerRow()
    {
        ReadOnlySpan<float> w = _w;
        for (int r = 0; r < Rows; r++)
        {
            _y[r] = TensorPrimitives.Dot(w.Slice(r * Cols, Cols), _x) + _bias[r];
        }

        return _y[0];
    }

    [Benchmark]
    public float Fp32Fused()
    {
        Gemv.Multiply(_w, Rows, Cols, _x, _bias, _y);
        return _y[0];
    }

    /// <summary>The 512-bit fp32 path, which .NET does not pick by default on pre-Ice Lake AVX-512 CPUs.</summary>
    [Benchmark]
    public float Fp32Vector512Path()
    {
        Gemv.MultiplyWithPath(_w, Rows, Cols, _x, _bias, _y, false, SimdPath.Vector512);
        return _y[0];
    }

    [Benchmark]
    public float Int8PreQuantised()
    {
        Int8Gemv.Multiply(_q, _xq, _bias, _y);
        return _y[0];
    }

    [Benchmark]
    public float Int8WithQuantise()
    {
        Int8Gemv.Multiply(_q, _x, _xq, _bias, _y);
        return _y[0];
    }

    [Benchmark]
    public float Int8Avx2Path()
    {
        Int8Gemv.MultiplyWithPath(_q, _xq, _bias, _y, false, Int8Path.Avx2);
        return _y[0];
    }

    [Benchmark]
    public float Int8ScalarPath()
    {
        Int8Gemv.MultiplyWithPath(_q, _xq, _bias, _y, false, Int8Path.Scalar);
        return _y[0];
    }

    [Benchmark]
    public float GruPairFused()
    {
        Gemv.MultiplyPair(_w, Cols, _x, _bias, _y, _w2, Cols, _h, _bias, _y2, Rows);
        return _y[0] + _y2[0];
    }

    [Benchmark]
    public float GruPairSeparate()
    {
        Gemv.Multiply(_w, Rows, Cols, _x, _bias, _y);
        Gemv.Multiply(_w2, Rows, Cols, _h, _bias, _y2);
        return _y[0] + _y2[0];
    }

    private static float[] Fill(Random rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++)
        {
            v[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return v;
    }
}
