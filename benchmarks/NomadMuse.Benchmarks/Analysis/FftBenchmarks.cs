using BenchmarkDotNet.Attributes;
using MathNet.Numerics.IntegralTransforms;
using NomadMuse.Core.Dsp;

namespace NomadMuse.Benchmarks.Analysis;

/// <summary>
/// A 4096-point real forward FFT (the spectral analyser's frame; 85 ms of audio at 48 kHz): ours against
/// MathNet.Numerics' managed real FFT, a textbook scalar radix-2 complex FFT and the O(N²) DFT.
/// </summary>
[MemoryDiagnoser]
public class FftBenchmarks
{
    private const int Size = 4096;
    private readonly RealFft _fft = new(Size);
    private readonly float[] _input = new float[Size];
    private readonly float[] _output = new float[Size + 2];
    private readonly float[] _mathNet = new float[Size + 2];
    private readonly double[] _re = new double[Size];
    private readonly double[] _im = new double[Size];
    private readonly float[] _cos = new float[Size];
    private readonly float[] _sin = new float[Size];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        for (int i = 0; i < Size; i++)
        {
            _input[i] = (float)((rng.NextDouble() * 2) - 1);
            _cos[i] = (float)Math.Cos(2 * Math.PI * i / Size);
            _sin[i] = (float)Math.Sin(2 * Math.PI * i / Size);
        }
    }

    [Benchmark(Description = "NomadMuse RealFft")]
    public float NomadMuse()
    {
        _fft.Forward(_input, _output);
        return _output[2];
    }

    [Benchmark(Description = "MathNet Fourier.ForwardReal")]
    public float MathNet()
    {
        Array.Copy(_input, _mathNet, Size);
        Fourier.ForwardReal(_mathNet, Size, FourierOptions.NoScaling);
        return _mathNet[2];
    }

    [Benchmark(Description = "Scalar radix-2 complex FFT")]
    public double ScalarRadix2()
    {
        // Textbook in-place iterative Cooley–Tukey on the real signal as a complex one (no real-input trick).
        for (int i = 0; i < Size; i++)
        {
            _re[i] = _input[i];
            _im[i] = 0;
        }

        for (int i = 1, j = 0; i < Size; i++)
        {
            int bit = Size >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j ^= bit;
            if (i < j)
            {
                (_re[i], _re[j]) = (_re[j], _re[i]);
                (_im[i], _im[j]) = (_im[j], _im[i]);
            }
        }

        for (int len = 2; len <= Size; len <<= 1)
        {
            int step = Size / len;
            for (int start = 0; start < Size; start += len)
            {
                for (int k = 0; k < len / 2; k++)
                {
                    double wr = _cos[k * step], wi = -_sin[k * step];
                    int a = start + k, b = a + (len / 2);
                    double tr = (_re[b] * wr) - (_im[b] * wi), ti = (_re[b] * wi) + (_im[b] * wr);
                    _re[b] = _re[a] - tr;
                    _im[b] = _im[a] - ti;
                    _re[a] += tr;
                    _im[a] += ti;
                }
            }
        }

        return _re[1];
    }

    [Benchmark(Baseline = true, Description = "Naive O(N²) DFT")]
    public float NaiveDft()
    {
        for (int k = 0; k <= Size / 2; k++)
        {
            float sr = 0, si = 0;
            for (int t = 0; t < Size; t++)
            {
                int idx = (k * t) & (Size - 1);
                sr += _input[t] * _cos[idx];
                si -= _input[t] * _sin[idx];
            }

            _output[2 * k] = sr;
            _output[(2 * k) + 1] = si;
        }

        return _output[2];
    }
}
