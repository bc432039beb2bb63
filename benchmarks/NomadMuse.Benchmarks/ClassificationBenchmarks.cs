using BenchmarkDotNet.Attributes;
using NomadMuse.Classification.Features;
using NomadMuse.Classification.Model;
using NomadMuse.Classification.Runtime;
using NomadMuse.OnnxRuntime;

namespace NomadMuse.Benchmarks;

/// <summary>
/// Per-frame cost of the shipped instrument classifier: one 50 ms block at 44.1 kHz through the front end
/// (resample → 5 mel frames → dB → normalise) and the CNN, fp32 and INT8; the front end alone as the baseline; and
/// the same front end feeding the shipped CNN exported to ONNX (<see cref="InstrumentClassifierOnnx"/>) in ONNX
/// Runtime with one intra-op thread.
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
    private readonly float[] _classLogits = new float[20], _typeLogit = new float[1], _confidenceLogit = new float[1];
    private OrtSession? _session;
    private OrtInput[] _inputs = [];
    private OrtOutput[] _outputs = [];

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
        string? library = OrtLibrary.Find();
        if (library is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOMADMUSE_ORT_LIBRARY")))
        {
            return; // the ORT benchmark reports the missing library itself
        }

        _session = OrtSession.FromBytes(InstrumentClassifierOnnx.Export(InstrumentClassifierModel.LoadDefault()),
            new OrtSessionSettings { LibraryPath = library, IntraOpThreads = 1 });
        _inputs = [new OrtInput("input", _patch, 1, 1, InstrumentClassifierModel.MelBins, InstrumentClassifierModel.Frames)];
        _outputs = [new OrtOutput("class_logits", _classLogits), new OrtOutput("type_logit", _typeLogit), new OrtOutput("confidence_logit", _confidenceLogit)];
    }

    [GlobalCleanup]
    public void Cleanup() => _session?.Dispose();

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

    /// <summary>Front end + the exported CNN in ONNX Runtime (one intra-op thread; no softmax or decision).</summary>
    [Benchmark]
    public float ClassifyFrameOnnxRuntime()
    {
        if (_session is null)
        {
            throw new InvalidOperationException("ONNX Runtime not found: set NOMADMUSE_ORT_LIBRARY or run ./test.sh once to install .tools/onnxruntime-node.");
        }

        _features.Process(_frame, _patch);
        _session.Run(_inputs, _outputs);
        return _classLogits[0];
    }
}
