using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using NomadMuse.Core.Dsp;

namespace NomadMuse.Benchmarks.Analysis;

/// <summary>
/// 4096-point real forward FFT: ours against FFTW 3.3 single precision (<c>libfftw3f.so.3</c>, Debian
/// <c>libfftw3-single3</c>), planned with FFTW_MEASURE, called through P/Invoke. FFTW is a benchmark peer only, never
/// a library dependency; without it these benchmarks are filtered out with a message.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FftwConfig))]
public class FftwBenchmarks
{
    private const int Size = 4096;
    private const uint FftwMeasure = 0;
    private readonly RealFft _fft = new(Size);
    private readonly float[] _input = new float[Size];
    private readonly float[] _output = new float[Size + 2];
    private nint _fftwIn;
    private nint _fftwOut;
    private nint _plan;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        for (int i = 0; i < Size; i++)
        {
            _input[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        _fftwIn = Fftw.Malloc((nuint)(Size * sizeof(float)));
        _fftwOut = Fftw.Malloc((nuint)((Size + 2) * sizeof(float)));
        _plan = Fftw.PlanR2C(Size, _fftwIn, _fftwOut, FftwMeasure); // planning overwrites the arrays
        Marshal.Copy(_input, 0, _fftwIn, Size);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Fftw.DestroyPlan(_plan);
        Fftw.Free(_fftwIn);
        Fftw.Free(_fftwOut);
    }

    [Benchmark(Baseline = true, Description = "FFTW 3.3 fftwf r2c 4096 (MEASURE)")]
    public float FftwR2C()
    {
        Fftw.Execute(_plan);
        return BitConverter.Int32BitsToSingle(Marshal.ReadInt32(_fftwOut, 2 * sizeof(float)));
    }

    [Benchmark(Description = "NomadMuse RealFft 4096")]
    public float NomadMuse()
    {
        _fft.Forward(_input, _output);
        return _output[2];
    }

    private static class Fftw
    {
        private const string Library = "libfftw3f.so.3";

        [DllImport(Library, EntryPoint = "fftwf_malloc")]
        public static extern nint Malloc(nuint bytes);

        [DllImport(Library, EntryPoint = "fftwf_free")]
        public static extern void Free(nint pointer);

        [DllImport(Library, EntryPoint = "fftwf_plan_dft_r2c_1d")]
        public static extern nint PlanR2C(int n, nint input, nint output, uint flags);

        [DllImport(Library, EntryPoint = "fftwf_execute")]
        public static extern void Execute(nint plan);

        [DllImport(Library, EntryPoint = "fftwf_destroy_plan")]
        public static extern void DestroyPlan(nint plan);
    }

    /// <summary>Drops the benchmarks (with a message) when FFTW cannot be loaded.</summary>
    private sealed class FftwConfig : ManualConfig
    {
        public FftwConfig()
        {
            bool present = NativeLibrary.TryLoad("libfftw3f.so.3", out nint handle);
            if (present)
            {
                NativeLibrary.Free(handle);
            }
            else
            {
                Console.WriteLine("SKIPPED FftwBenchmarks: libfftw3f.so.3 not found (apt-get install libfftw3-single3).");
            }

            AddFilter(new SimpleFilter(_ => present));
        }
    }
}
