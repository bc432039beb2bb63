using BenchmarkDotNet.Attributes;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Onnx;
using NomadMuse.OnnxRuntime;

namespace NomadMuse.Benchmarks;

/// <summary>
/// One full generator step (embedding sum → GRU1 → GRU2 → local attention + residual → GRU3 → head) of the fusion-size
/// model (E = H = 108, 298,551 parameters, random weights): the managed engine in fp32 (baseline) and INT8, and ONNX
/// Runtime (one intra-op thread, all graph optimisations) on the graph <see cref="GeneratorOnnx"/> exports from the same
/// weights. Every step feeds the next token at a growing position, so the attention window is full as in steady use.
/// </summary>
/// <remarks>
/// ONNX Runtime is found through <c>NOMADMUSE_ORT_LIBRARY</c>, else the <c>.tools/onnxruntime-node</c> copy test.sh
/// installs (searched upwards from the working directory and the binaries); without it the ORT case fails in setup
/// and the managed cases still run.
/// </remarks>
[MemoryDiagnoser]
public class GeneratorStepBenchmarks
{
    private readonly long[] _token = new long[1], _instrument = [10], _trackType = [1], _position = new long[1];
    private GeneratorModel _fp32 = null!;
    private GeneratorModel _int8 = null!;
    private GeneratorState _fp32State = null!;
    private GeneratorState _int8State = null!;
    private float[] _logits = new float[GeneratorConfig.Vocabulary];
    private OrtSession? _session;
    private OrtInput[] _inputs = [];
    private OrtOutput[] _outputs = [];
    private int _step;

    [GlobalSetup]
    public void Setup()
    {
        _fp32 = new GeneratorModel(GeneratorConfig.Fusion, new TrainingRandom(1));
        _int8 = _fp32.Quantize();
        _fp32State = _fp32.CreateState();
        _int8State = _int8.CreateState();
        _fp32State.SetContext(10, 1);
        _int8State.SetContext(10, 1);
        _logits = new float[GeneratorConfig.Vocabulary];
        for (int i = 0; i < 40; i++)
        {
            _fp32.Step(Next(), _fp32State, _logits);
            _int8.Step(Next(), _int8State, _logits);
        }

        string? library = OrtLibrary.Find();
        if (library is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOMADMUSE_ORT_LIBRARY")))
        {
            return; // the ORT benchmark reports the missing library in its own setup
        }

        _session = OrtSession.FromBytes(GeneratorOnnx.CreateWriter(_fp32).ToArray(), new OrtSessionSettings { LibraryPath = library, IntraOpThreads = 1 });
        int h = _fp32.Config.HiddenSize;
        const int W = GeneratorConfig.AttentionWindow, d = GeneratorConfig.AttentionHead;
        float[] h1 = new float[h], h2 = new float[h], h3 = new float[h], keys = new float[W * d], values = new float[W * d];
        // State arrays serve as input and output: OrtSession copies outputs only after the run.
        _inputs =
        [
            new(GeneratorOnnx.Token, _token, 1), new(GeneratorOnnx.Instrument, _instrument, 1),
            new(GeneratorOnnx.TrackType, _trackType, 1), new(GeneratorOnnx.Position, _position, 1),
            new(GeneratorOnnx.Hidden1, h1, 1, h), new(GeneratorOnnx.Hidden2, h2, 1, h), new(GeneratorOnnx.Hidden3, h3, 1, h),
            new(GeneratorOnnx.PastKeys, keys, W, d), new(GeneratorOnnx.PastValues, values, W, d),
        ];
        _outputs =
        [
            new(GeneratorOnnx.Logits, _logits), new(GeneratorOnnx.Hidden1Out, h1), new(GeneratorOnnx.Hidden2Out, h2),
            new(GeneratorOnnx.Hidden3Out, h3), new(GeneratorOnnx.KeysOut, keys), new(GeneratorOnnx.ValuesOut, values),
        ];
        for (int i = 0; i < 40; i++)
        {
            OnnxRuntimeStep();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _session?.Dispose();

    [Benchmark(Baseline = true)]
    public float ManagedFp32Step()
    {
        _fp32.Step(Next(), _fp32State, _logits);
        return _logits[0];
    }

    [Benchmark]
    public float ManagedInt8Step()
    {
        _int8.Step(Next(), _int8State, _logits);
        return _logits[0];
    }

    [Benchmark]
    public float OnnxRuntimeStep()
    {
        if (_session is null)
        {
            throw new InvalidOperationException("ONNX Runtime not found: set NOMADMUSE_ORT_LIBRARY or run ./test.sh once to install .tools/onnxruntime-node.");
        }

        _token[0] = Next();
        _session.Run(_inputs, _outputs);
        _position[0]++;
        return _logits[0];
    }

    private int Next() => 6 + (int)((uint)(_step++ * 37) % 250u);
}
