using BenchmarkDotNet.Attributes;
using NomadMuse.Analysis;
using NomadMuse.Analysis.Scoring;

namespace NomadMuse.Benchmarks.Analysis;

/// <summary>
/// The whole <see cref="MixAnalyzer"/> (loudness + true peak, 8192-point balance, stereo image) on 10 s of 48 kHz
/// stereo in 480-frame (10 ms) buffers, then one <see cref="MixAnalyzer.Report"/> with the scorer. "× real time" =
/// 10 s / Mean, one core. Also one scorer inference on its own.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class MixAnalyzerBenchmarks
{
    private const int Rate = 48_000;
    private const int Seconds = 10;
    private const int BufferFrames = 480;
    private readonly float[] _audio = new float[Rate * Seconds * 2];
    private readonly float[] _features = new float[MixScorer.FeatureCount];
    private readonly float[] _scores = new float[MixFixes.Count];
    private GenreTarget _target = null!;
    private MixScorer _scorer = null!;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkSignals.ToneWithNoise(_audio, Rate);

        _target = GenreTarget.Builtin("rock");
        _scorer = MixScorer.Default ?? new MixScorer();
        for (int i = 0; i < _features.Length; i++)
        {
            _features[i] = (i % 7) * 0.3f;
        }
    }

    [Benchmark(Description = "MixAnalyzer.Push 10 s 48k stereo + Report")]
    public int WholeAnalyzer()
    {
        var analyzer = new MixAnalyzer(Rate, 2);
        for (int i = 0; i < _audio.Length; i += BufferFrames * 2)
        {
            analyzer.Push(_audio.AsSpan(i, BufferFrames * 2));
        }

        return analyzer.Report(_target).Suggestions.Length;
    }

    [Benchmark(Description = "MixScorer.Score (one inference)")]
    public float ScorerInference()
    {
        _scorer.Score(_features, _scores);
        return _scores[0];
    }
}
