using System.Numerics.Tensors;
using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Model;

/// <summary>
/// The seed's ≈2.5M-parameter base generator (§3.2.3), the distillation teacher of the on-device student: token
/// embedding + conditioning embeddings (instrument class, track type) → N pre-LayerNorm <see cref="TransformerBlock"/>s
/// (causal local attention, ReLU feed-forward) → final LayerNorm → linear head to 258 logits.
/// </summary>
/// <remarks>
/// <para>No absolute position embedding: the attention's learned relative bias and the causal mask carry order, and
/// with a 33-token window per block the model sees the last N·32 tokens (128 for the base preset).</para>
/// <para>Two paths share the weights: <see cref="Step"/> (inference, one token, allocation-free, one key/value ring
/// per block) and <see cref="Forward"/>/<see cref="Backward"/> (training over <c>[T × B]</c> batches on the GEMM
/// kernels). A Step sequence from a fresh state reproduces the Forward logits of its column to float rounding.</para>
/// </remarks>
public sealed partial class TransformerModel : ISequenceModel, ITokenPredictor
{
    /// <summary>The <see cref="NomadMuse.Core.Models.ModelMetadata.Architecture"/> string of this layout.</summary>
    public const string Architecture = "nomadmuse-generator-transformer";

    private readonly Embedding _tokens;
    private readonly Embedding _instruments;
    private readonly Embedding _trackTypes;
    private readonly TransformerBlock[] _blocks;
    private readonly LayerNorm _finalNorm;
    private readonly Linear _head;
    private float[][] _stream = [];
    private float[] _cond = [], _normed = [], _gradNormed = [], _gradA = [], _gradB = [];
    private int[] _condTokens = [];
    private int _rows = -1;
    private int _parallelism = 1;

    /// <summary>Creates a model with weights initialised from <paramref name="random"/>.</summary>
    /// <param name="config">The sizes.</param>
    /// <param name="random">Drives initialisation and dropout masks; pass the trainer's so checkpoints capture it.</param>
    public TransformerModel(TransformerConfig config, TrainingRandom random)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(random);
        Config = config;
        int d = config.ModelDimension;
        _tokens = new Embedding("embedding", GeneratorConfig.Vocabulary, d, MuseVocabulary.Pad);
        _instruments = new Embedding("instrument_embedding", GeneratorConfig.InstrumentClasses, d);
        _trackTypes = new Embedding("track_type_embedding", GeneratorConfig.TrackTypes, d);
        _blocks = new TransformerBlock[config.Blocks];
        for (int i = 0; i < _blocks.Length; i++)
        {
            _blocks[i] = new TransformerBlock($"blocks.{i}", d, config.FeedForward, config.Dropout, random);
        }

        _finalNorm = new LayerNorm("final_norm", d);
        _head = new Linear("head", d, GeneratorConfig.Vocabulary);
        Parameters = [.. _tokens.Parameters, .. _instruments.Parameters, .. _trackTypes.Parameters,
            .. _blocks.SelectMany(b => b.Parameters), .. _finalNorm.Parameters, .. _head.Parameters];

        // GPT-style small embeddings: the residual stream starts near zero and every block's LayerNorm rescales it,
        // so N(0, 1) rows (PyTorch's nn.Embedding default) would only make the residual branches relatively tiny.
        WeightInit.Normal(_tokens.Weight, 0.02f, random);
        _tokens.Weight.Value.AsSpan(MuseVocabulary.Pad * d, d).Clear();
        WeightInit.Normal(_instruments.Weight, 0.01f, random);
        WeightInit.Normal(_trackTypes.Weight, 0.01f, random);
        foreach (var block in _blocks)
        {
            block.Initialize(random);
        }

        _head.Initialize(random);
    }

    /// <summary>The sizes of this model.</summary>
    public TransformerConfig Config { get; }

    /// <summary>
    /// All parameters in file/optimizer order: embedding, instrument_embedding, track_type_embedding, blocks.0 … blocks.N−1,
    /// final_norm, head.
    /// </summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Total number of trainable floats (equals <see cref="TransformerConfig.ParameterCount"/>).</summary>
    public long ParameterCount => Parameters.Sum(p => (long)p.Value.Length);

    /// <summary>Threads the training GEMMs may use (1 = calling thread only). Never used by <see cref="Step"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Below 1.</exception>
    public int Parallelism
    {
        get => _parallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _parallelism = value;
            foreach (var block in _blocks)
            {
                block.Parallelism = value;
            }
        }
    }

    /// <summary>Allocates the per-stream state (one attention ring per block, scratch). Call once per stream.</summary>
    public TransformerState CreateState() =>
        new(Config, [.. _blocks.Select(b => b.Attention.CreateCache())], _blocks[0].StepScratchLength);

    /// <inheritdoc/>
    public ITokenStream OpenStream() => new Stream(this, CreateState());

    /// <summary>Feeds one token and writes the logits for the next one.</summary>
    /// <param name="token">The token just played or generated, 0–257.</param>
    /// <param name="state">This stream's state (made by this model's <see cref="CreateState"/>), updated in place.</param>
    /// <param name="logits">258 floats, owned by the caller.</param>
    /// <remarks>Allocates nothing and takes no locks; its cost does not grow with the position.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">The token is outside the vocabulary.</exception>
    /// <exception cref="ArgumentException">The logits span is not 258 long or the state belongs to another configuration.</exception>
    public void Step(int token, TransformerState state, Span<float> logits)
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

        int d = Config.ModelDimension;
        Span<float> x = state.Residual;
        _tokens.Lookup(token, x);
        TensorPrimitives.Add(x, _instruments.Weight.Value.AsSpan(state.Instrument * d, d), x);
        TensorPrimitives.Add(x, _trackTypes.Weight.Value.AsSpan(state.TrackType * d, d), x);
        for (int i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].Step(x, state.Caches[i], state.Scratch);
        }

        _finalNorm.Apply(x, state.Normed);
        _head.Apply(state.Normed, logits);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token or class is out of range.</exception>
    public void Forward(ReadOnlySpan<int> tokens, int steps, int batch, ReadOnlySpan<int> instruments,
        ReadOnlySpan<int> trackTypes, Span<float> logits, bool training = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        int rows = steps * batch, d = Config.ModelDimension;
        if (tokens.Length != rows || instruments.Length != batch || trackTypes.Length != batch || logits.Length != rows * GeneratorConfig.Vocabulary)
        {
            throw new ArgumentException($"Transformer forward: expected tokens {steps}×{batch}, {batch} instruments and track types, logits {steps}×{batch}×{GeneratorConfig.Vocabulary}.", nameof(tokens));
        }

        if (_stream.Length != _blocks.Length + 1 || _stream[0].Length < rows * d)
        {
            _stream = [.. Enumerable.Range(0, _blocks.Length + 1).Select(_ => new float[rows * d])];
        }

        _rows = rows;
        Span<float> x = _stream[0].AsSpan(0, rows * d);
        Span<float> cond = TrainingBuffers.Ensure(ref _cond, rows * d);
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
        for (int i = 0; i < _blocks.Length; i++)
        {
            _blocks[i].Forward(_stream[i].AsSpan(0, rows * d), steps, batch, _stream[i + 1].AsSpan(0, rows * d), training);
        }

        Span<float> normed = TrainingBuffers.Ensure(ref _normed, rows * d);
        _finalNorm.Forward(_stream[^1].AsSpan(0, rows * d), normed);
        GemmLinear.Forward(_head, normed, rows, logits, _parallelism);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="ArgumentException">The gradient does not match the last forward pass.</exception>
    public void Backward(ReadOnlySpan<float> gradLogits)
    {
        if (_rows < 0)
        {
            throw new InvalidOperationException("Backward needs a Forward first.");
        }

        int rows = _rows, d = Config.ModelDimension;
        if (gradLogits.Length != rows * GeneratorConfig.Vocabulary)
        {
            throw new ArgumentException($"Expected {rows}×{GeneratorConfig.Vocabulary} logit gradients.", nameof(gradLogits));
        }

        Span<float> gn = TrainingBuffers.Ensure(ref _gradNormed, rows * d);
        Span<float> ga = TrainingBuffers.Ensure(ref _gradA, rows * d), gb = TrainingBuffers.Ensure(ref _gradB, rows * d);
        GemmLinear.Backward(_head, gradLogits, _normed.AsSpan(0, rows * d), rows, gn, _parallelism);
        _finalNorm.Backward(gn, ga);
        for (int i = _blocks.Length - 1; i >= 0; i--)
        {
            _blocks[i].Backward(ga, gb);
            Span<float> swap = ga;
            ga = gb;
            gb = swap;
        }

        _tokens.Backward(ga);
        _instruments.Backward(ga);
        _trackTypes.Backward(ga);
    }

    private sealed class Stream(TransformerModel model, TransformerState state) : ITokenStream
    {
        public void Reset(int instrument, int trackType)
        {
            state.SetContext(instrument, trackType);
            state.Reset();
        }

        public void Step(int token, Span<float> logits) => model.Step(token, state, logits);
    }
}
