using BenchmarkDotNet.Attributes;
using NomadMuse.Core.Kernels;
using NomadMuse.Core.Neural.Conv;

namespace NomadMuse.Benchmarks.Conv;

/// <summary>
/// Where the packed classifier backbone's time goes, one conv layer at a time at the shapes a 128×5 patch gives
/// (conv1 128×5×1→32, conv2 64×2×32→64, conv3 32×1×64→128): the fp32 direct kernel, and for INT8 the unfold
/// (gather + per-pixel quantisation) and the batched product separately; plus the whole backbone both ways.
/// </summary>
[MemoryDiagnoser]
public class PackedConvLayerBenchmarks
{
    private float[] _padded = [];
    private float[] _weights = [];
    private float[] _bias = [];
    private float[] _output = [];
    private float[] _column = [];
    private sbyte[] _columns = [];
    private float[] _scales = [];
    private QuantizedMatrix _quantized = null!;
    private PackedConvBackbone _fp32 = null!;
    private PackedConvBackbone _int8 = null!;
    private readonly float[] _patch = new float[128 * 5];
    private readonly float[] _features = new float[128];
    private float[] _scratch = [];

    /// <summary>The layer as "height×width×in→out".</summary>
    [Params("conv1 128x5x1-32", "conv2 64x2x32-64", "conv3 32x1x64-128")]
    public string Layer { get; set; } = "conv2 64x2x32-64";

    // Parsed once in Setup: slicing the parameter string in a benchmark would allocate.
    private (int H, int W, int C, int O) Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        Shape = Layer[..5] switch
        {
            "conv1" => (128, 5, 1, 32),
            "conv2" => (64, 2, 32, 64),
            _ => (32, 1, 64, 128),
        };
        (int h, int w, int c, int o) = Shape;
        _padded = Fill(random, (h + 2) * w * c);
        _padded.AsSpan(0, w * c).Clear();
        _padded.AsSpan((h + 1) * w * c).Clear();
        _weights = Fill(random, 9 * c * o);
        _bias = Fill(random, o);
        _output = new float[h * w * o];
        _column = new float[9 * c];
        _columns = new sbyte[h * w * Int8Conv3x3.ColumnBytes(c)];
        _scales = new float[h * w];
        _quantized = QuantizedMatrix.Quantize(_weights, o, 9 * c);
        ConvBackbone backbone = ConvBackbone.CreateSeedClassifier(random, [2, 2, 1]);
        _fp32 = new PackedConvBackbone(backbone);
        _int8 = new PackedConvBackbone(backbone, int8: true);
        _scratch = new float[Math.Max(_fp32.ScratchLength(128, 5), _int8.ScratchLength(128, 5))];
        Fill(random, _patch.Length).CopyTo(_patch, 0);
    }

    [Benchmark(Baseline = true)]
    public float LayerFp32()
    {
        (int h, int w, int c, int o) = Shape;
        Conv3x3Kernels.Convolve(_padded, h, w, c, _weights, _bias, o, _output, SimdPaths.BestComputeBound);
        return _output[0];
    }

    [Benchmark]
    public float LayerInt8Unfold()
    {
        (int h, int w, int c, _) = Shape;
        Int8Conv3x3.Unfold(_padded, h, w, c, _column, _columns, _scales, Int8Conv3x3.PathFor(Int8Paths.Best));
        return _scales[0];
    }

    [Benchmark]
    public float LayerInt8Multiply()
    {
        (int h, int w, _, _) = Shape;
        Int8Conv3x3.Multiply(_columns, _scales, h * w, _quantized, _bias, _output, Int8Conv3x3.PathFor(Int8Paths.Best));
        return _output[0];
    }

    /// <summary>The whole packed backbone in fp32 (the same for every <see cref="Layer"/> value).</summary>
    [Benchmark]
    public float BackboneFp32()
    {
        _fp32.Infer(_patch, 128, 5, _features, _scratch);
        return _features[0];
    }

    /// <summary>The whole packed backbone with conv2/conv3 in INT8.</summary>
    [Benchmark]
    public float BackboneInt8()
    {
        _int8.Infer(_patch, 128, 5, _features, _scratch);
        return _features[0];
    }

    private static float[] Fill(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextSingle() - 0.5f;
        }

        return values;
    }
}
