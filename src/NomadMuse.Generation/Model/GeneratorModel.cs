using System.Numerics.Tensors;
using NomadMuse.Core.Models;
using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Model;

/// <summary>
/// The seed §3.2.2 hybrid token generator: token embedding + conditioning embedding (instrument class, track type)
/// → GRU1 → GRU2 → local single-head attention with a residual → GRU3 → linear head to 258 logits.
/// </summary>
/// <remarks>
/// Two paths share the weights: <see cref="Step"/> (inference, one token, allocation-free) and
/// <see cref="Forward"/>/<see cref="Backward"/> (training over a time-major <c>[T × B]</c> batch whose columns each
/// start from a zero state). A Step sequence from a fresh <see cref="GeneratorState"/> reproduces the Forward
/// logits of the same column. Parameters are listed in a fixed order (see <see cref="Parameters"/>).
/// </remarks>
public sealed partial class GeneratorModel : ISequenceModel
{
    /// <summary>The <see cref="ModelMetadata.Architecture"/> string of this layout.</summary>
    public const string Architecture = "nomadmuse-generator-gru-attention";

    private readonly Embedding _tokens;
    private readonly Embedding _instruments;
    private readonly Embedding _trackTypes;
    private readonly Gru _gru1;
    private readonly Gru _gru2;
    private readonly LocalSelfAttention _attention;
    private readonly Gru _gru3;
    private readonly Linear _head;
    private readonly Dropout _dropout1;
    private readonly Dropout _dropout2;

    private float[] _x = [], _cond = [], _h1 = [], _d1 = [], _h2 = [], _d2 = [], _a = [], _r = [], _h3 = [];
    private float[] _g3 = [], _gr = [], _ga = [], _gd2 = [], _gh2 = [], _gd1 = [], _gh1 = [], _gx = [];
    private int[] _condTokens = [];
    private int _steps = -1, _batch;
    private bool _dropped;

    /// <summary>Creates a model with weights initialised from <paramref name="random"/> (PyTorch defaults).</summary>
    /// <param name="config">The sizes.</param>
    /// <param name="random">Drives initialisation and dropout masks; pass the trainer's so checkpoints capture it.</param>
    public GeneratorModel(GeneratorConfig config, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        Config = config;
        int e = config.EmbeddingSize, h = config.HiddenSize;
        _tokens = new Embedding("embedding", GeneratorConfig.Vocabulary, e, MuseVocabulary.Pad);
        _instruments = new Embedding("instrument_embedding", GeneratorConfig.InstrumentClasses, e);
        _trackTypes = new Embedding("track_type_embedding", GeneratorConfig.TrackTypes, e);
        _gru1 = new Gru("gru1", e, h);
        _gru2 = new Gru("gru2", h, h);
        _attention = new LocalSelfAttention("attention", h, GeneratorConfig.AttentionHead, GeneratorConfig.AttentionWindow);
        _gru3 = new Gru("gru3", h, h);
        _head = new Linear("head", h, GeneratorConfig.Vocabulary);
        _dropout1 = new Dropout(config.Dropout, random);
        _dropout2 = new Dropout(config.Dropout, random);
        Parameters = [.. _tokens.Parameters, .. _instruments.Parameters, .. _trackTypes.Parameters, .. _gru1.Parameters,
            .. _gru2.Parameters, .. _attention.Parameters, .. _gru3.Parameters, .. _head.Parameters];

        _tokens.Initialize(random);
        _instruments.Initialize(random);
        _trackTypes.Initialize(random);
        _gru1.Initialize(random);
        _gru2.Initialize(random);
        _attention.Initialize(random);
        _gru3.Initialize(random);
        _head.Initialize(random);

        // The conditioning is added to the token embedding; N(0, 1) tables would swamp it, so start them small.
        TensorPrimitives.Multiply(_instruments.Weight.Value, 0.1f, _instruments.Weight.Value);
        TensorPrimitives.Multiply(_trackTypes.Weight.Value, 0.1f, _trackTypes.Weight.Value);
    }

    /// <summary>The sizes of this model.</summary>
    public GeneratorConfig Config { get; }

    /// <summary>
    /// All parameters in file/optimizer order: embedding, instrument_embedding, track_type_embedding, gru1, gru2,
    /// attention, gru3, head.
    /// </summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Total number of trainable floats (equals <see cref="GeneratorConfig.ParameterCount"/>).</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Value.Length);

    /// <summary>Allocates the per-stream state (hidden states, attention ring, scratch). Call once per stream.</summary>
    /// <remarks>A state serves fp32 and INT8 (<see cref="IsQuantized"/>) models of the same configuration alike.</remarks>
    public GeneratorState CreateState() =>
        new(Config, _attention.CreateCache(), _gru1.StepScratchLength,
            Math.Max(_attention.StepScratchLength, QuantizedLocalSelfAttention.ScratchLength(GeneratorConfig.AttentionHead, GeneratorConfig.AttentionWindow)));

    /// <summary>Feeds one token and writes the logits for the next one.</summary>
    /// <param name="token">The token just played or generated, 0–257.</param>
    /// <param name="state">This stream's state (made by this model's <see cref="CreateState"/>), updated in place.</param>
    /// <param name="logits">258 floats, owned by the caller.</param>
    /// <remarks>
    /// A quantised model (<see cref="IsQuantized"/>) runs the INT8 kernels here, an fp32 model the fp32 layers.
    /// Real-time path: allocates nothing and takes no locks. Any thread may call it, one thread per state at a time,
    /// and several streams may step concurrently, as long as nobody is training the model.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The token is outside the vocabulary.</exception>
    /// <exception cref="ArgumentException">The logits span is not 258 long or the state belongs to another configuration.</exception>
    public void Step(int token, GeneratorState state, Span<float> logits)
    {
        ArgumentNullException.ThrowIfNull(state);
        if ((uint)token >= GeneratorConfig.Vocabulary)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, "Must be a token id 0–257.");
        }

        if (logits.Length != GeneratorConfig.Vocabulary || !ReferenceEquals(state.Config, Config) && state.Config != Config)
        {
            throw new ArgumentException($"Logits must hold {GeneratorConfig.Vocabulary} floats and the state must come from a model with the same configuration.", nameof(logits));
        }

        if (_int8 is { } quantized)
        {
            StepInt8(token, state, logits, quantized);
            return;
        }

        int e = Config.EmbeddingSize;
        Span<float> x = state.Input;
        _tokens.Lookup(token, x);
        TensorPrimitives.Add(x, _instruments.Weight.Value.AsSpan(state.Instrument * e, e), x);
        TensorPrimitives.Add(x, _trackTypes.Weight.Value.AsSpan(state.TrackType * e, e), x);
        _gru1.Step(x, state.Hidden1, state.GruScratch);
        _gru2.Step(state.Hidden1, state.Hidden2, state.GruScratch);
        _attention.Step(state.Hidden2, state.Cache, state.Attended, state.AttentionScratch);
        TensorPrimitives.Add(state.Hidden2, state.Attended, state.Residual);
        _gru3.Step(state.Residual, state.Hidden3, state.GruScratch);
        _head.Apply(state.Hidden3, logits);
    }

    /// <summary>Training forward over a time-major batch; caches what <see cref="Backward"/> needs.</summary>
    /// <param name="tokens"><c>[T × B]</c> token ids, element (t, b) at <c>t·B + b</c>.</param>
    /// <param name="steps">T.</param>
    /// <param name="batch">B.</param>
    /// <param name="instruments">B instrument classes (0–20), one per column.</param>
    /// <param name="trackTypes">B track types (0–2), one per column.</param>
    /// <param name="logits"><c>[T × B × 258]</c> output.</param>
    /// <param name="training">Apply dropout (true) or behave like inference (false).</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token or class is out of range.</exception>
    public void Forward(ReadOnlySpan<int> tokens, int steps, int batch, ReadOnlySpan<int> instruments,
        ReadOnlySpan<int> trackTypes, Span<float> logits, bool training = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        int rows = steps * batch, e = Config.EmbeddingSize, h = Config.HiddenSize;
        if (tokens.Length != rows || instruments.Length != batch || trackTypes.Length != batch || logits.Length != rows * GeneratorConfig.Vocabulary)
        {
            throw new ArgumentException($"Generator forward: expected tokens {steps}×{batch}, {batch} instruments and track types, logits {steps}×{batch}×{GeneratorConfig.Vocabulary}.", nameof(tokens));
        }

        _steps = steps;
        _batch = batch;
        Span<float> x = TrainingBuffers.Ensure(ref _x, rows * e);
        Span<float> cond = TrainingBuffers.Ensure(ref _cond, rows * e);
        Span<int> condTokens = TrainingBuffers.Ensure(ref _condTokens, rows);
        _tokens.Forward(tokens, x);
        for (int i = 0; i < rows; i++)
        {
            condTokens[i] = instruments[i % batch];
        }

        _instruments.Forward(condTokens, cond);
        TensorPrimitives.Add(x, cond, x);
        for (int i = 0; i < rows; i++)
        {
            condTokens[i] = trackTypes[i % batch];
        }

        _trackTypes.Forward(condTokens, cond);
        TensorPrimitives.Add(x, cond, x);

        Span<float> h1 = TrainingBuffers.Ensure(ref _h1, rows * h), d1 = TrainingBuffers.Ensure(ref _d1, rows * h);
        Span<float> h2 = TrainingBuffers.Ensure(ref _h2, rows * h), d2 = TrainingBuffers.Ensure(ref _d2, rows * h);
        Span<float> a = TrainingBuffers.Ensure(ref _a, rows * h), r = TrainingBuffers.Ensure(ref _r, rows * h), h3 = TrainingBuffers.Ensure(ref _h3, rows * h);
        _gru1.Forward(x, steps, batch, default, h1);
        Drop(_dropout1, h1, d1, training);
        _gru2.Forward(d1, steps, batch, default, h2);
        Drop(_dropout2, h2, d2, training);
        _attention.Forward(d2, steps, batch, a);
        TensorPrimitives.Add(d2, a, r);
        _gru3.Forward(r, steps, batch, default, h3);
        _head.Forward(h3, logits);
    }

    /// <summary>Back-propagates dL/dlogits of the last <see cref="Forward"/>, adding into every parameter gradient.</summary>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="ArgumentException">The gradient does not match the last forward pass.</exception>
    public void Backward(ReadOnlySpan<float> gradLogits)
    {
        if (_steps < 0)
        {
            throw new InvalidOperationException("Backward needs a Forward first.");
        }

        int rows = _steps * _batch, e = Config.EmbeddingSize, h = Config.HiddenSize;
        if (gradLogits.Length != rows * GeneratorConfig.Vocabulary)
        {
            throw new ArgumentException($"Expected {rows}×{GeneratorConfig.Vocabulary} logit gradients.", nameof(gradLogits));
        }

        Span<float> g3 = TrainingBuffers.Ensure(ref _g3, rows * h), gr = TrainingBuffers.Ensure(ref _gr, rows * h), ga = TrainingBuffers.Ensure(ref _ga, rows * h);
        Span<float> gd2 = TrainingBuffers.Ensure(ref _gd2, rows * h), gh2 = TrainingBuffers.Ensure(ref _gh2, rows * h);
        Span<float> gd1 = TrainingBuffers.Ensure(ref _gd1, rows * h), gh1 = TrainingBuffers.Ensure(ref _gh1, rows * h), gx = TrainingBuffers.Ensure(ref _gx, rows * e);
        _head.Backward(gradLogits, g3);
        _gru3.Backward(g3, default, gr, default);
        _attention.Backward(gr, ga);
        TensorPrimitives.Add(gr, ga, gd2);
        UnDrop(_dropout2, gd2, gh2);
        _gru2.Backward(gh2, default, gd1, default);
        UnDrop(_dropout1, gd1, gh1);
        _gru1.Backward(gh1, default, gx, default);
        _tokens.Backward(gx);
        _instruments.Backward(gx);
        _trackTypes.Backward(gx);
    }

    /// <summary>
    /// GRU3's output <c>[T × B × H]</c> of the last <see cref="Forward"/> (what the head read): the features a
    /// personal adapter on the frozen model learns from.
    /// </summary>
    internal ReadOnlySpan<float> LastForwardTopHidden =>
        _steps < 0 ? throw new InvalidOperationException("No forward pass has run.") : _h3.AsSpan(0, _steps * _batch * Config.HiddenSize);

    /// <summary>The head's input of the last <see cref="Step"/> on <paramref name="state"/>: GRU3's hidden state.</summary>
    internal static ReadOnlySpan<float> TopHidden(GeneratorState state) => state.Hidden3;

    private void UnDrop(Dropout dropout, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        if (_dropped)
        {
            dropout.Backward(gradOutput, gradInput);
        }
        else
        {
            gradOutput.CopyTo(gradInput);
        }
    }

    private void Drop(Dropout dropout, ReadOnlySpan<float> input, Span<float> output, bool training)
    {
        // Without dropout (evaluation or rate 0) the layer is the identity and Backward passes gradients through.
        _dropped = training && dropout.Rate > 0f;
        if (_dropped)
        {
            dropout.Forward(input, output);
        }
        else
        {
            input.CopyTo(output);
        }
    }
}
