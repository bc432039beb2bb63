using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;

namespace NomadMuse.Personalization;

/// <summary>What <see cref="PersonalAdapterTrainer.Train(GeneratorModel, IEnumerable{LoggedSequence}, PersonalAdapterTrainingOptions?, IProgress{TrainingProgress}?, CancellationToken)"/> produced.</summary>
/// <param name="Adapter">The trained adapter.</param>
/// <param name="Training">Steps, last loss, whether it was cancelled.</param>
/// <param name="AcceptedTokens">Predictions taken from accepted sequences.</param>
/// <param name="RejectedTokens">Predictions taken from rejected sequences.</param>
public sealed record PersonalAdapterTrainingResult(PersonalAdapter Adapter, TrainingResult Training, int AcceptedTokens, int RejectedTokens);

/// <summary>
/// Trains a <see cref="PersonalAdapter"/> on a frozen generator from logged sequences: accepted ones by weighted
/// cross-entropy (weight 1), rejected ones by weighted unlikelihood or cross-entropy (weight 0.1,
/// <see cref="RejectedHandling"/>).
/// </summary>
/// <remarks>
/// The generator is never changed. Its forward pass runs once per sequence (inference mode, no dropout) and its GRU3
/// outputs and logits are kept; the epochs then train only the adapter on those features with the core
/// <see cref="Trainer{TBatch}"/> (AdamW, gradient clipping at 1, seeded shuffling, progress reports). Rows are
/// shuffled once with the seed and cut into batches; the trainer shuffles the batch order per epoch.
/// The feature pass uses the generator's training-forward buffers: its weights are not written and its
/// <see cref="GeneratorModel.Step"/> stays usable meanwhile, but do not run two trainings (or a generator training) on
/// the same <see cref="GeneratorModel"/> instance at once.
/// </remarks>
public static class PersonalAdapterTrainer
{
    /// <summary>Trains an adapter from the sequences of a session log.</summary>
    /// <exception cref="ArgumentException">The log has no sequence with at least two tokens.</exception>
    public static PersonalAdapterTrainingResult Train(GeneratorModel frozen, SessionLog log, PersonalAdapterTrainingOptions? options = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        return Train(frozen, log.Sequences, options, progress, cancellationToken);
    }

    /// <summary>Trains an adapter from logged sequences (the newest up to <see cref="PersonalAdapterTrainingOptions.MaxTokens"/>).</summary>
    /// <exception cref="ArgumentException">No sequence has at least two tokens.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static PersonalAdapterTrainingResult Train(GeneratorModel frozen, IEnumerable<LoggedSequence> sequences, PersonalAdapterTrainingOptions? options = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frozen);
        ArgumentNullException.ThrowIfNull(sequences);
        options ??= new PersonalAdapterTrainingOptions();
        options.Validate();
        var features = AdapterFeatures.Extract(frozen, sequences, options.ChunkTokens, options.MaxTokens);
        if (features.Rows == 0)
        {
            throw new ArgumentException("The log holds no sequence with at least two tokens to learn from.", nameof(sequences));
        }

        var random = new TrainingRandom(options.Seed);
        var adapter = new PersonalAdapter(frozen.Config.HiddenSize, options.Rank, random);
        int batches = (features.Rows + options.BatchTokens - 1) / options.BatchTokens;
        var trainerOptions = new TrainerOptions
        {
            Epochs = options.Epochs,
            LearningRate = options.LearningRate,
            MinimumLearningRate = options.LearningRate,
            WarmupSteps = Math.Min(batches, 20),
            WeightDecay = options.WeightDecay,
            ShuffleSeed = options.Seed,
            ProgressInterval = options.ProgressInterval,
        };
        var trainer = new Trainer<int>(adapter, trainerOptions, random);
        var step = new Step(adapter, features, options);
        var result = trainer.Run(new BatchIndices(batches), step.Run, progress, cancellationToken);
        return new PersonalAdapterTrainingResult(adapter, result, features.AcceptedRows, features.RejectedRows);
    }

    private sealed class BatchIndices(int count) : IBatchSource<int>
    {
        public int BatchCount => count;

        public int GetBatch(int index) => index;
    }

    /// <summary>One update: gather a batch of cached rows, adapter forward, loss, adapter backward.</summary>
    private sealed class Step
    {
        private readonly PersonalAdapter _adapter;
        private readonly AdapterFeatures _features;
        private readonly PersonalAdapterTrainingOptions _options;
        private readonly int[] _order, _targets;
        private readonly float[] _hidden, _logits, _baseLogits, _grad, _weights;
        private readonly bool[] _rejected;

        public Step(PersonalAdapter adapter, AdapterFeatures features, PersonalAdapterTrainingOptions options)
        {
            _adapter = adapter;
            _features = features;
            _options = options;
            _order = Shuffled(features.Rows, options.Seed);
            int n = options.BatchTokens;
            _hidden = new float[n * features.HiddenSize];
            _logits = new float[n * GeneratorConfig.Vocabulary];
            _baseLogits = new float[n * GeneratorConfig.Vocabulary];
            _grad = new float[n * GeneratorConfig.Vocabulary];
            _targets = new int[n];
            _weights = new float[n];
            _rejected = new bool[n];
        }

        public BatchResult Run(int batch)
        {
            const int v = GeneratorConfig.Vocabulary;
            int h = _features.HiddenSize;
            int from = batch * _options.BatchTokens;
            int rows = Math.Min(_options.BatchTokens, _features.Rows - from);
            for (int i = 0; i < rows; i++)
            {
                int row = _order[from + i];
                _features.Hidden.AsSpan(row * h, h).CopyTo(_hidden.AsSpan(i * h, h));
                _targets[i] = _features.Targets[row];
                _weights[i] = _features.Weights[row];
                _rejected[i] = _features.Rejected[row];
            }

            Span<float> logits = _logits.AsSpan(0, rows * v), baseLogits = _baseLogits.AsSpan(0, rows * v), grad = _grad.AsSpan(0, rows * v);
            for (int i = 0; i < rows; i++)
            {
                _features.BaseLogits.AsSpan(_order[from + i] * v, v).CopyTo(baseLogits.Slice(i * v, v));
            }

            _adapter.Forward(_hidden.AsSpan(0, rows * h), logits);
            System.Numerics.Tensors.TensorPrimitives.Add(logits, baseLogits, logits);
            float loss = AdapterLoss.Compute(logits, _targets.AsSpan(0, rows), _weights.AsSpan(0, rows), _rejected.AsSpan(0, rows), _options.Rejected, baseLogits, grad);
            _adapter.Backward(grad);
            return new BatchResult(loss, rows);
        }

        private static int[] Shuffled(int n, ulong seed)
        {
            var order = new int[n];
            for (int i = 0; i < n; i++)
            {
                order[i] = i;
            }

            new TrainingRandom(seed ^ 0x9E3779B97F4A7C15UL).Shuffle(order.AsSpan());
            return order;
        }
    }
}
