using BenchmarkDotNet.Attributes;
using NomadMuse.Classification.Features;
using NomadMuse.Classification.Runtime;

namespace NomadMuse.Benchmarks;

/// <summary>
/// Per-frame cost of the shipped instrument classifier: one 50 ms block at 44.1 kHz through the front end
/// (resample → 5 mel frames → dB → normalise) and the CNN, fp32 and INT8; the front end alone as the baseline.
/// </summary>
[MemoryDiagnoser]
public class ClassificationBenchmarks
{
    private InstrumentClassifier _fp32 = null!;
    private InstrumentClassifier _int8 = null!;
    private FrameFeatures _features = null!;
    private readonly float[] _frame = new float[2205];
    private readonly float[] _patch = new float[640];
    private readonly float[] _probabilities = new float[20];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int i = 0; i < _frame.Length; i++)
        {
            _frame[i] = (0.3f * MathF.Sin(2 * MathF.PI * 220 * i / 44_100f)) + (0.05f * ((float)random.NextDouble() - 0.5f));
        }

        _fp32 = InstrumentClassifier.LoadDefault(44_100);
        _int8 = InstrumentClassifier.LoadDefault(44_100, useInt8: true);
        _features = new FrameFeatures(FeatureSettings.Default, 44_100);
    }

    /// <summary>Front end only: 50 ms block → [1, 128, 5] patch.</summary>
    [Benchmark(Baseline = true)]
    public float FrontEnd()
    {
        _features.Process(_frame, _patch);
        return _patch[0];
    }

    /// <summary>Front end + CNN in fp32 (batch norm folded).</summary>
    [Benchmark]
    public int ClassifyFrameFp32() => _fp32.ClassifyFrame(_frame, _probabilities).ClassId;

    /// <summary>Front end + CNN with INT8 conv2/conv3 and dense layers.</summary>
    [Benchmark]
    public int ClassifyFrameInt8() => _int8.ClassifyFrame(_frame, _probabilities).ClassId;
}
