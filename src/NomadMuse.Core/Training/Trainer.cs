using System.Diagnostics;

namespace NomadMuse.Core.Training;

/// <summary>
/// A mini-batch training loop: per step it asks the caller's step function for a forward and backward pass, clips
/// the global gradient norm, sets the warm-up + cosine learning rate and takes an AdamW step; it reports progress,
/// writes resumable checkpoints and stops at a step boundary when cancelled.
/// </summary>
/// <typeparam name="TBatch">The batch type the caller's source produces and step function consumes.</typeparam>
/// <remarks>
/// <para>Determinism: with the same model initialisation, options and <see cref="Random"/> seed, two runs produce
/// identical weights. The batch order of epoch e is a permutation seeded by (<see cref="TrainerOptions.ShuffleSeed"/>,
/// e), so a resumed run sees the same order; <see cref="Random"/> (pass the same instance to dropout layers) is
/// saved in checkpoints.</para>
/// <para>Runs on the calling thread; progress is reported synchronously through <see cref="IProgress{T}.Report"/>
/// (a <see cref="Progress{T}"/> posts to its synchronisation context). Not thread-safe.</para>
/// </remarks>
public sealed class Trainer<TBatch>
{
    private readonly TrainerOptions _options;
    private ulong _shuffleSeed;
    private int[] _order = [];
    private int _orderEpoch = -1;

    /// <summary>Creates a trainer over every parameter of <paramref name="model"/>.</summary>
    /// <param name="model">The model; its parameters are updated in place.</param>
    /// <param name="options">Settings (validated; later changes to the object are not seen).</param>
    /// <param name="random">The run's random source shared with dropout layers; null creates one seeded 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public Trainer(ITrainable model, TrainerOptions options, TrainingRandom? random = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = new TrainerOptions
        {
            Epochs = options.Epochs, MaxSteps = options.MaxSteps, LearningRate = options.LearningRate,
            MinimumLearningRate = options.MinimumLearningRate, WarmupSteps = options.WarmupSteps,
            WeightDecay = options.WeightDecay, Beta1 = options.Beta1, Beta2 = options.Beta2, Epsilon = options.Epsilon,
            MaxGradientNorm = options.MaxGradientNorm, ShuffleSeed = options.ShuffleSeed, Shuffle = options.Shuffle,
            ProgressInterval = options.ProgressInterval, CheckpointPath = options.CheckpointPath,
            CheckpointInterval = options.CheckpointInterval, CheckpointOnCancel = options.CheckpointOnCancel,
        };
        _shuffleSeed = options.ShuffleSeed;
        Random = random ?? new TrainingRandom(0);
        Optimizer = new AdamW(model.Parameters, options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
    }

    /// <summary>The run's random source (saved in checkpoints).</summary>
    public TrainingRandom Random { get; }

    /// <summary>The optimizer.</summary>
    public AdamW Optimizer { get; }

    /// <summary>Completed optimizer steps.</summary>
    public long Step { get; private set; }

    /// <summary>Restores weights, optimizer moments, step and random state from a checkpoint.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="CheckpointFormatException">The file is malformed or for another model.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public void Resume(string path)
    {
        (long step, ulong seed) = TrainingCheckpoint.Load(path, Optimizer, Random);
        Step = step;
        _shuffleSeed = seed;
        _orderEpoch = -1;
    }

    /// <summary>Writes a checkpoint of the current state.</summary>
    /// <param name="path">The target file (replaced atomically).</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void SaveCheckpoint(string path) => TrainingCheckpoint.Save(path, Optimizer, Step, _shuffleSeed, Random);

    /// <summary>Trains until the configured number of steps is reached or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="source">The mini-batches.</param>
    /// <param name="step">Runs forward and backward on a batch, accumulating gradients into the (zeroed) parameters, and
    /// returns the mean loss and item count.</param>
    /// <param name="progress">Optional progress sink.</param>
    /// <param name="cancellationToken">Checked before every step; a cancelled run stops cleanly (no exception).</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="InvalidOperationException">The step function returned a loss that is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The source has no batches.</exception>
    public TrainingResult Run(IBatchSource<TBatch> source, Func<TBatch, BatchResult> step, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(step);
        int batches = source.BatchCount;
        if (batches <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(source), batches, "The batch source has no batches.");
        }

        long total = _options.MaxSteps ?? (long)_options.Epochs * batches;
        var schedule = new WarmupCosineSchedule(_options.LearningRate, Math.Min(_options.WarmupSteps, total), total, _options.MinimumLearningRate);
        long startStep = Step;
        var clock = Stopwatch.StartNew();
        double windowLoss = 0, windowStart = 0;
        long windowItems = 0, windowSteps = 0;
        float lastLoss = float.NaN;
        string? checkpoint = _options.CheckpointPath;
        while (Step < total)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                bool written = checkpoint is not null && _options.CheckpointOnCancel;
                if (written)
                {
                    SaveCheckpoint(checkpoint!);
                }

                return new TrainingResult(Step, true, lastLoss, written);
            }

            int epoch = (int)(Step / batches);
            TBatch batch = source.GetBatch(BatchIndex(epoch, (int)(Step % batches), batches));
            Optimizer.ZeroGradients();
            BatchResult result = step(batch);
            if (!float.IsFinite(result.Loss))
            {
                throw new InvalidOperationException($"The loss is {result.Loss} at step {Step} (epoch {epoch}); lower the learning rate or check the data.");
            }

            float norm = _options.MaxGradientNorm > 0f
                ? GradientClipping.ClipGlobalNorm(Optimizer.Parameters, _options.MaxGradientNorm)
                : GradientClipping.GlobalNorm(Optimizer.Parameters);
            Optimizer.LearningRate = schedule.LearningRateAt(Step);
            Optimizer.Step();
            Step++;
            lastLoss = result.Loss;
            windowLoss += result.Loss;
            windowItems += result.Items;
            windowSteps++;

            if (progress is not null && (windowSteps >= _options.ProgressInterval || Step == total))
            {
                double now = clock.Elapsed.TotalSeconds;
                double span = Math.Max(now - windowStart, 1e-9);
                double perStep = now / (Step - startStep);
                progress.Report(new TrainingProgress(Step, total, epoch, (float)(windowLoss / windowSteps), windowItems / span,
                    Optimizer.LearningRate, norm, clock.Elapsed, TimeSpan.FromSeconds(perStep * (total - Step))));
                windowLoss = 0;
                windowItems = 0;
                windowSteps = 0;
                windowStart = now;
            }

            if (checkpoint is not null && _options.CheckpointInterval > 0 && Step % _options.CheckpointInterval == 0)
            {
                SaveCheckpoint(checkpoint);
            }
        }

        if (checkpoint is not null)
        {
            SaveCheckpoint(checkpoint);
        }

        return new TrainingResult(Step, false, lastLoss, checkpoint is not null);
    }

    private int BatchIndex(int epoch, int position, int batches)
    {
        if (!_options.Shuffle)
        {
            return position;
        }

        if (_orderEpoch != epoch || _order.Length != batches)
        {
            _order = new int[batches];
            for (int i = 0; i < batches; i++)
            {
                _order[i] = i;
            }

            // Each epoch's order depends only on (seed, epoch), so resuming mid-epoch replays it exactly.
            new TrainingRandom(_shuffleSeed ^ (0x9E3779B97F4A7C15UL * (ulong)(epoch + 1))).Shuffle(_order.AsSpan());
            _orderEpoch = epoch;
        }

        return _order[position];
    }
}
