using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Training;

/// <summary>
/// The <c>λ·L_accept</c> term of the fusion loss (seed §3.2.6): a weighted cross-entropy on logged sequences the
/// user accepted (weight 1) or rejected (weight 0.1), added to each distillation step's gradient.
/// </summary>
/// <remarks>
/// <para>The sequences are cut into windows of at most <c>SeqLen</c> predictions; every <see cref="Run"/> takes the
/// next <c>Batch</c> windows (cycling), pads short ones with PAD (ignored), runs the model forward and backward and adds
/// λ times the gradient of <c>Σ wᵢ·CEᵢ / Σ wᵢ</c> into the parameter gradients, which the optimizer step then applies
/// together with the distillation gradient.</para>
/// <para>The seed's weights are kept literally: a rejected sequence still has its likelihood raised, ten times less than
/// an accepted one. (The personal adapter treats rejections differently; see docs/personalization.md.)</para>
/// </remarks>
public sealed class AcceptanceTerm
{
    private const int V = GeneratorConfig.Vocabulary;
    private readonly List<Window> _windows = [];
    private readonly GenerationBatch _batch;
    private readonly float[] _rowWeights;
    private float[] _logits = [], _grad = [];
    private int _next;

    /// <summary>Cuts the sequences into windows.</summary>
    /// <param name="sequences">The logged sequences (at least one with two or more tokens and a positive weight).</param>
    /// <param name="lambda">λ ≥ 0 (the seed uses 0.1).</param>
    /// <param name="seqLen">Predictions per window.</param>
    /// <param name="batch">Windows per step.</param>
    /// <exception cref="ArgumentException">No sequence can contribute.</exception>
    /// <exception cref="ArgumentOutOfRangeException">λ, a size, a weight, a token or a track context is out of range.</exception>
    public AcceptanceTerm(IEnumerable<WeightedSequence> sequences, float lambda = 0.1f, int seqLen = 256, int batch = 16)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (!(lambda >= 0f) || float.IsPositiveInfinity(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "Must be non-negative and finite.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seqLen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        int index = 0;
        foreach (var s in sequences)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(sequences));
            Validate(s, index++);
            if (s.Weight == 0f)
            {
                continue;
            }

            for (int start = 0; start + 1 < s.Tokens.Length; start += seqLen)
            {
                _windows.Add(new Window(s, start, Math.Min(seqLen, s.Tokens.Length - 1 - start)));
            }
        }

        if (_windows.Count == 0)
        {
            throw new ArgumentException("The acceptance term needs at least one sequence of two or more tokens with a positive weight.", nameof(sequences));
        }

        Lambda = lambda;
        _batch = new GenerationBatch(seqLen, batch);
        _rowWeights = new float[seqLen * batch];
    }

    /// <summary>λ.</summary>
    public float Lambda { get; }

    /// <summary>Windows the sequences were cut into.</summary>
    public int WindowCount => _windows.Count;

    /// <summary>The weighted cross-entropy of the last <see cref="Run"/> (nats per weighted prediction, before λ).</summary>
    public float LastLoss { get; private set; }

    /// <summary>Runs the next batch of windows through <paramref name="model"/> and adds λ·∇L_accept to its gradients.</summary>
    /// <param name="model">The model being trained (its forward cache is overwritten).</param>
    /// <returns>λ·L_accept for this batch.</returns>
    public float Run(ISequenceModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Fill();
        int n = _batch.Steps * _batch.Batch * V;
        if (_logits.Length != n)
        {
            _logits = new float[n];
            _grad = new float[n];
        }

        model.Forward(_batch.Inputs, _batch.Steps, _batch.Batch, _batch.Instruments, _batch.TrackTypes, _logits, training: true);
        LastLoss = CrossEntropyLoss.Compute(_logits, V, _batch.Targets, _grad, MuseVocabulary.Pad, _rowWeights);
        System.Numerics.Tensors.TensorPrimitives.Multiply(_grad, Lambda, _grad);
        model.Backward(_grad);
        return Lambda * LastLoss;
    }

    /// <summary>Lays the next windows into the time-major batch; unused cells get PAD input and an ignored target.</summary>
    private void Fill()
    {
        int steps = _batch.Steps, columns = _batch.Batch, targets = 0;
        Array.Fill(_batch.Inputs, MuseVocabulary.Pad);
        Array.Fill(_batch.Targets, MuseVocabulary.Pad);
        Array.Clear(_rowWeights);
        for (int b = 0; b < columns; b++)
        {
            var w = _windows[_next];
            _next = (_next + 1) % _windows.Count;
            _batch.Instruments[b] = w.Sequence.Instrument;
            _batch.TrackTypes[b] = w.Sequence.TrackType;
            for (int t = 0; t < w.Length; t++)
            {
                int row = (t * columns) + b;
                _batch.Inputs[row] = w.Sequence.Tokens[w.Start + t];
                _batch.Targets[row] = w.Sequence.Tokens[w.Start + t + 1];
                _rowWeights[row] = w.Sequence.Weight;
                targets++;
            }
        }

        _batch.TargetCount = targets;
    }

    private static void Validate(WeightedSequence s, int index)
    {
        ArgumentNullException.ThrowIfNull(s.Tokens, nameof(s.Tokens));
        if (!(s.Weight >= 0f) || float.IsPositiveInfinity(s.Weight))
        {
            throw new ArgumentOutOfRangeException(nameof(s), s.Weight, $"Sequence {index}: the weight must be non-negative and finite.");
        }

        if ((uint)s.Instrument >= GeneratorConfig.InstrumentClasses || (uint)s.TrackType >= GeneratorConfig.TrackTypes)
        {
            throw new ArgumentOutOfRangeException(nameof(s), $"Sequence {index}: instrument {s.Instrument} or track type {s.TrackType} is out of range.");
        }

        foreach (int token in s.Tokens)
        {
            if ((uint)token >= V)
            {
                throw new ArgumentOutOfRangeException(nameof(s), token, $"Sequence {index}: token {token} is outside the vocabulary of {V}.");
            }
        }
    }

    private readonly record struct Window(WeightedSequence Sequence, int Start, int Length);
}
