using BenchmarkDotNet.Attributes;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Runtime.Realtime;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Benchmarks;

/// <summary>
/// Real-time generation cost per token: the bare model step (baseline), a session step (model step + grammar,
/// key or drum masks, repetition guard, temperature, top-p sampling) in tonal and percussive mode, and the
/// lookahead predictor's end-to-end throughput (worker steps consumed through the SPSC ring). Each benchmark runs
/// <see cref="Tokens"/> tokens per invocation, so the reported mean is per token; predictions/s = 1 / mean.
/// </summary>
/// <remarks>
/// The model is the preset named by <see cref="Preset"/> with random weights, unless the environment variable
/// <c>NOMADMUSE_GENERATOR_MODEL</c> names a <c>.nmm</c> file (the shipped model), which is then used for every preset.
/// Weights do not change the cost of a step; only the shape does.
/// </remarks>
[MemoryDiagnoser]
public class GenerationBenchmarks
{
    private const int Tokens = 256;

    private GeneratorModel _model = null!;
    private GeneratorState _state = null!;
    private float[] _logits = [];
    private GenerationSession _tonal = null!;
    private GenerationSession _drums = null!;
    private int _token;

    /// <summary>The model shape: student (E = H = 88) or fusion (E = H = 108).</summary>
    [Params("student", "fusion")]
    public string Preset { get; set; } = "student";

    [GlobalSetup]
    public void Setup()
    {
        string? path = Environment.GetEnvironmentVariable("NOMADMUSE_GENERATOR_MODEL");
        _model = string.IsNullOrEmpty(path)
            ? new GeneratorModel(GeneratorConfig.FromPreset(Preset), new TrainingRandom(1))
            : GeneratorModel.Load(path);
        _state = _model.CreateState();
        _logits = new float[MuseVocabulary.Size];
        MuseGenerator generator = MuseGenerator.FromModel(_model);
        BeatNote[] primer = [.. Enumerable.Range(0, 64).Select(i => new BeatNote(i * 0.5, 0.5, 60 + ((i * 7) % 12), 90, false))];
        _tonal = generator.OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Seed = 1, TopP = 0.95f });
        _tonal.Prime(primer);
        _drums = generator.OpenSession(new GenerationOptions { Mode = GenerationMode.Percussive, Seed = 2, TopP = 0.95f });
        _drums.Prime([new BeatNote(0, 0.25, 36, 100, true), new BeatNote(1, 0.25, 38, 100, true)]);
    }

    /// <summary>One bare <see cref="GeneratorModel.Step"/> per token (no masking, no sampling).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Tokens)]
    public float ModelStep()
    {
        for (int i = 0; i < Tokens; i++)
        {
            _model.Step(MuseVocabulary.NoteOnFirst + (_token++ % 100), _state, _logits);
        }

        return _logits[0];
    }

    /// <summary>Session step in tonal mode with a detected key (strict mask), top-p 0.95.</summary>
    [Benchmark(OperationsPerInvoke = Tokens)]
    public int SessionStepTonal() => Steps(_tonal);

    /// <summary>Session step in percussive mode (drum-key mask), top-p 0.95.</summary>
    [Benchmark(OperationsPerInvoke = Tokens)]
    public int SessionStepDrums() => Steps(_drums);

    /// <summary>Lookahead end to end: a worker fills the 8-deep ring, this thread consumes <see cref="Tokens"/> fresh predictions.</summary>
    [Benchmark(OperationsPerInvoke = Tokens)]
    public int LookaheadThroughput()
    {
        using var predictor = new LookaheadPredictor(_tonal);
        int read = 0;
        while (read < Tokens)
        {
            if (predictor.TryRead(out PredictedEvent e) && !e.IsFallback)
            {
                read++;
            }
        }

        return read;
    }

    private static int Steps(GenerationSession session)
    {
        int sum = 0;
        for (int i = 0; i < Tokens; i++)
        {
            session.TryStep(out PredictedEvent e);
            sum += e.Token;
        }

        return sum;
    }
}
