using NomadMuse.Core.Kernels;
using BenchmarkDotNet.Attributes;
using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Benchmarks.Conv;

/// <summary>
/// Per-frame inference of the seed's classifier backbone (3 conv blocks 32/64/128 + global average pool) on one
/// MFCC/mel patch, plus the FC 256 → FC 64 → heads tail as plain matrix-vector products. The unfolded backbone
/// (batch norm applied separately) is the baseline for the folded, deployed one.
/// </summary>
[MemoryDiagnoser]
public class ConvBackboneBenchmarks
{
    private ConvBackbone _unfolded = null!;
    private ConvBackbone _folded = null!;
    private float[] _patch = [];
    private float[] _scratch = [];
    private float[] _features = new float[128];
    private float[] _fc1 = [];
    private float[] _fc2 = [];
    private float[] _heads = [];
    private float[] _hidden1 = new float[256];
    private float[] _hidden2 = new float[64];
    private float[] _logits = new float[22];

    /// <summary>Patch as "bins×frames": 128 mel bins × 5 frames (pools 2×2, 2×2, 2×1) or × 8 frames (2×2 throughout).</summary>
    [Params("128x5", "128x8", "40x5")]
    public string Patch { get; set; } = "128x5";

    private int Height => int.Parse(Patch.AsSpan(0, Patch.IndexOf('x', StringComparison.Ordinal)), provider: null);

    private int Width => int.Parse(Patch.AsSpan(Patch.IndexOf('x', StringComparison.Ordinal) + 1), provider: null);

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        int[] poolWidths = Width >= 8 ? [2, 2, 2] : [2, 2, 1];
        _unfolded = ConvBackbone.CreateSeedClassifier(random, poolWidths);
        _folded = _unfolded.FoldBatchNorm();
        _patch = new float[Height * Width];
        for (int i = 0; i < _patch.Length; i++)
        {
            _patch[i] = random.NextSingle() - 0.5f;
        }

        _scratch = new float[_unfolded.ScratchLength(Height, Width)];
        _fc1 = Random(random, 256 * 128);
        _fc2 = Random(random, 64 * 256);
        _heads = Random(random, 22 * 64);
    }

    [Benchmark(Baseline = true)]
    public float BackboneUnfolded()
    {
        _unfolded.Infer(_patch, Height, Width, _features, _scratch);
        return _features[0];
    }

    [Benchmark]
    public float BackboneFolded()
    {
        _folded.Infer(_patch, Height, Width, _features, _scratch);
        return _features[0];
    }

    [Benchmark]
    public float FullClassifierFolded()
    {
        _folded.Infer(_patch, Height, Width, _features, _scratch);
        Dense(_fc1, _features, _hidden1);
        Dense(_fc2, _hidden1, _hidden2);
        Dense(_heads, _hidden2, _logits);
        return _logits[0];
    }

    // y = ReLU(W·x) with W stored [outputs, inputs] as in PyTorch (biases omitted: negligible cost).
    private static void Dense(float[] weight, float[] x, float[] y)
    {
        Gemv.Multiply(weight, y.Length, x.Length, x, ReadOnlySpan<float>.Empty, y);
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = Math.Max(y[i], 0f);
        }
    }

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (random.NextSingle() - 0.5f) * 0.1f;
        }

        return values;
    }
}
