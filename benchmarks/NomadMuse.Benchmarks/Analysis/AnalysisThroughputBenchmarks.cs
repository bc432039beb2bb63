using BenchmarkDotNet.Attributes;
using NomadMuse.Analysis;

using NomadMuse.State;

namespace NomadMuse.Benchmarks.Analysis;

/// <summary>
/// 10 s of 48 kHz stereo pushed in 480-frame (10 ms) audio-callback buffers. "× real time" = 10 s / Mean.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class AnalysisThroughputBenchmarks
{
    private const int Rate = 48_000;
    private const int Seconds = 10;
    private const int BufferFrames = 480;
    private readonly float[] _audio = new float[Rate * Seconds * 2];
    private LoudnessMeter _meter = null!;
    private SpectralBalance _balance = null!;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSignals.ToneWithNoise(_audio, Rate);

        _meter = new LoudnessMeter(Rate, 2);
        _balance = new SpectralBalance(Rate, 2);
    }

    [Benchmark(Description = "LoudnessMeter.Push 10 s 48k stereo")]
    public double Loudness()
    {
        _meter.Reset();
        for (int i = 0; i < _audio.Length; i += BufferFrames * 2)
        {
            _meter.Push(_audio.AsSpan(i, BufferFrames * 2));
        }

        return _meter.Read().IntegratedLufs;
    }

    [Benchmark(Description = "SpectralBalance.Push 10 s 48k stereo")]
    public double Spectral()
    {
        _balance.Reset();
        for (int i = 0; i < _audio.Length; i += BufferFrames * 2)
        {
            _balance.Push(_audio.AsSpan(i, BufferFrames * 2));
        }

        return _balance.Relative[Band.Mid];
    }
}
