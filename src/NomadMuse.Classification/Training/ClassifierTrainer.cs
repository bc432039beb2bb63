using System.Globalization;
using NomadMuse.Classification.Data;
using NomadMuse.Classification.Features;
using NomadMuse.Classification.Model;
using NomadMuse.Core.Training;

namespace NomadMuse.Classification.Training;

/// <summary>
/// Trains <see cref="InstrumentClassifierModel"/> on a <see cref="ClipCorpus"/> (seed §3.3.3): fits the per-band
/// feature normalisation, then phase 1 (class-balanced sampling, augmentation, mixup, multi-task loss
/// <c>CE + 0.5·BCE(type) + 0.3·MSE(confidence, p(true class))</c>, AdamW with warm-up + cosine), then phase 2, the
/// drum specialisation (backbone frozen, half of every batch drum hits, drum classes weighted ×2 in the loss).
/// </summary>
/// <remarks>Single-threaded. Checkpoints (optimizer state) and model snapshots (.nmm, including batch-norm statistics)
/// are written every <see cref="ClassifierTrainingOptions.CheckpointInterval"/> steps so a run can resume.</remarks>
public sealed class ClassifierTrainer
{
    private const float TypeWeight = 0.5f;
    private const float ConfidenceWeight = 0.3f;
    private const float DrumClassWeight = 2f;
    private readonly ClipCorpus _corpus;
    private readonly ClassifierTrainingOptions _options;
    private readonly Action<string> _log;
    private readonly PatchAugmenter _augmenter = new();
    private readonly List<int>[] _clipsByClass;
    private readonly int[] _presentClasses;
    private float[] _inputs = [], _mixed = [], _classLogits = [], _typeLogits = [], _confidenceLogits = [];
    private float[] _classGrad = [], _typeGrad = [], _confidenceGrad = [], _targets = [];
    private int[] _labels = [];

    /// <summary>Creates the trainer.</summary>
    /// <param name="corpus">Training clips.</param>
    /// <param name="options">Settings.</param>
    /// <param name="log">Progress lines.</param>
    /// <exception cref="ArgumentException">The corpus is empty.</exception>
    public ClassifierTrainer(ClipCorpus corpus, ClassifierTrainingOptions options, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (corpus.Count == 0)
        {
            throw new ArgumentException("The corpus has no clips with sound.", nameof(corpus));
        }

        _corpus = corpus;
        _options = options;
        _log = log;
        _clipsByClass = [.. Enumerable.Range(0, InstrumentClasses.Count + 1).Select(_ => new List<int>())];
        for (int i = 0; i < corpus.Count; i++)
        {
            _clipsByClass[corpus.Label(i).ClassId].Add(i);
        }

        _presentClasses = [.. Enumerable.Range(1, InstrumentClasses.Count).Where(c => _clipsByClass[c].Count > 0)];
    }

    /// <summary>Runs both phases and returns the trained model.</summary>
    /// <param name="cancellationToken">Stops at a step boundary (a checkpoint is written).</param>
    /// <returns>The model (also when cancelled: the state reached so far).</returns>
    public InstrumentClassifierModel Train(CancellationToken cancellationToken = default)
    {
        string? prefix = _options.CheckpointPath;
        string? phase1Model = prefix is null ? null : prefix + ".phase1.nmm";
        InstrumentClassifierModel model;
        if (_options.Resume && phase1Model is not null && File.Exists(phase1Model))
        {
            model = InstrumentClassifierModel.Load(phase1Model);
            _log($"phase 1 already done: loaded {phase1Model}");
        }
        else
        {
            model = _options.Resume && prefix is not null && File.Exists(prefix + ".1.nmm")
                ? InstrumentClassifierModel.Load(prefix + ".1.nmm")
                : new InstrumentClassifierModel(_options.Seed);
            if (!(_options.Resume && prefix is not null && File.Exists(prefix + ".1.nmm")))
            {
                model.Normalization = FitNormalization(2000);
            }

            bool completed = RunPhase(model, 1, _options.Steps, _options.LearningRate, drums: false, cancellationToken);
            if (!completed)
            {
                return model;
            }

            if (phase1Model is not null)
            {
                model.Save(phase1Model);
            }
        }

        if (_options.DrumSteps > 0)
        {
            if (_options.Resume && prefix is not null && File.Exists(prefix + ".2.nmm"))
            {
                model = InstrumentClassifierModel.Load(prefix + ".2.nmm");
            }

            model.FreezeBackbone(true);
            RunPhase(model, 2, _options.DrumSteps, _options.LearningRate / 5, drums: true, cancellationToken);
            model.FreezeBackbone(false);
        }

        return model;
    }

    /// <summary>Per-band mean and standard deviation of un-augmented patches drawn uniformly from the corpus.</summary>
    /// <param name="patches">Patches to draw.</param>
    /// <returns>The normalisation.</returns>
    public FeatureNormalization FitNormalization(int patches)
    {
        var random = new Random((int)(_options.Seed * 7919));
        int bins = InstrumentClassifierModel.MelBins, frames = InstrumentClassifierModel.Frames;
        var sum = new double[bins];
        var sumSq = new double[bins];
        var patch = new float[InstrumentClassifierModel.PatchLength];
        var identity = FeatureNormalization.Identity(bins);
        for (int n = 0; n < patches; n++)
        {
            int clip = random.Next(_corpus.Count);
            ReadOnlySpan<int> ends = _corpus.ActiveWindowEnds(clip);
            _augmenter.Extract(_corpus.Audio(clip), ends[random.Next(ends.Length)], identity, null, patch);
            for (int m = 0; m < bins; m++)
            {
                for (int t = 0; t < frames; t++)
                {
                    double v = patch[(m * frames) + t];
                    sum[m] += v;
                    sumSq[m] += v * v;
                }
            }
        }

        double count = (double)patches * frames;
        var mean = new float[bins];
        var std = new float[bins];
        for (int m = 0; m < bins; m++)
        {
            mean[m] = (float)(sum[m] / count);
            std[m] = (float)Math.Sqrt(Math.Max((sumSq[m] / count) - (mean[m] * (double)mean[m]), 1e-4));
        }

        return new FeatureNormalization(mean, std);
    }

    private bool RunPhase(InstrumentClassifierModel model, int phase, int steps, float learningRate, bool drums, CancellationToken cancellationToken)
    {
        string? checkpoint = _options.CheckpointPath is null ? null : $"{_options.CheckpointPath}.{phase}.ckpt";
        if (checkpoint is not null && Path.GetDirectoryName(Path.GetFullPath(checkpoint)) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder); // a checkpoint prefix in a folder that does not exist yet
        }

        string? snapshot = _options.CheckpointPath is null ? null : $"{_options.CheckpointPath}.{phase}.nmm";
        var trainerOptions = new TrainerOptions
        {
            MaxSteps = steps,
            Epochs = 1,
            LearningRate = learningRate,
            MinimumLearningRate = learningRate / 50,
            WarmupSteps = Math.Min(100, steps / 10),
            WeightDecay = 1e-4f,
            MaxGradientNorm = 5f,
            ShuffleSeed = _options.Seed,
            ProgressInterval = _options.ProgressInterval,
            CheckpointPath = checkpoint,
            CheckpointInterval = checkpoint is null ? 0 : _options.CheckpointInterval,
        };
        var trainer = new Trainer<int>(model, trainerOptions, model.Random);
        if (_options.Resume && checkpoint is not null && File.Exists(checkpoint))
        {
            trainer.Resume(checkpoint);
            _log($"phase {phase}: resumed from {checkpoint} at step {trainer.Step}");
        }

        _log(string.Create(CultureInfo.InvariantCulture,
            $"phase {phase} ({(drums ? "drum specialisation, backbone frozen" : "all classes")}): {steps} steps × {_options.BatchSize}, lr {learningRate:G3}, {_corpus.Count} clips, {_presentClasses.Length} classes, {model.ParameterCount:N0} params"));
        var progress = new LineProgress(p =>
        {
            _log(string.Create(CultureInfo.InvariantCulture,
                $"phase {phase} step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} lr {p.LearningRate:G3} |g| {p.GradientNorm:F2} {p.ItemsPerSecond:F0} patches/s elapsed {p.Elapsed:hh\\:mm\\:ss} eta {p.EstimatedRemaining:hh\\:mm\\:ss}"));
            if (snapshot is not null && p.Step % _options.CheckpointInterval < _options.ProgressInterval)
            {
                model.Save(snapshot);
            }
        });
        TrainingResult result = trainer.Run(new StepSource(steps), _ => Step(model, trainer.Step, drums), progress, cancellationToken);
        if (snapshot is not null)
        {
            model.Save(snapshot);
        }

        _log($"phase {phase} {(result.Cancelled ? "cancelled" : "done")} at step {result.Steps}, last loss {result.LastLoss:F4}");
        return !result.Cancelled;
    }

    private BatchResult Step(InstrumentClassifierModel model, long step, bool drums)
    {
        int batch = _options.BatchSize, classes = InstrumentClasses.Count, length = InstrumentClassifierModel.PatchLength;
        var random = new Random(HashCode.Combine(_options.Seed, step, drums));
        Span<float> inputs = Ensure(ref _inputs, batch * length);
        Span<float> mixed = Ensure(ref _mixed, batch * length);
        Span<int> labels = EnsureInts(batch);
        for (int i = 0; i < batch; i++)
        {
            int classId = drums && random.Next(2) == 0 ? random.Next(1, 5) : _presentClasses[random.Next(_presentClasses.Length)];
            if (_clipsByClass[classId].Count == 0)
            {
                classId = _presentClasses[random.Next(_presentClasses.Length)];
            }

            int clip = _clipsByClass[classId][random.Next(_clipsByClass[classId].Count)];
            ReadOnlySpan<int> ends = _corpus.ActiveWindowEnds(clip);
            labels[i] = classId - 1;
            _augmenter.Extract(_corpus.Audio(clip), ends[random.Next(ends.Length)], model.Normalization,
                _options.Augment ? random : null, inputs.Slice(i * length, length));
        }

        // Mixup: one λ ~ Beta(α, α) per batch (kept ≥ 0.5 so the first label dominates), partner = a shifted item.
        float lambda = _options.MixupAlpha > 0 ? SampleBeta(random, _options.MixupAlpha) : 1f;
        lambda = Math.Max(lambda, 1f - lambda);
        int shift = 1 + random.Next(batch - 1 > 0 ? batch - 1 : 1);
        Span<float> targets = Ensure(ref _targets, batch * classes);
        targets.Clear();
        for (int i = 0; i < batch; i++)
        {
            int j = (i + shift) % batch;
            for (int k = 0; k < length; k++)
            {
                mixed[(i * length) + k] = (lambda * inputs[(i * length) + k]) + ((1 - lambda) * inputs[(j * length) + k]);
            }

            targets[(i * classes) + labels[i]] += lambda;
            targets[(i * classes) + labels[j]] += 1 - lambda;
        }

        Span<float> classLogits = Ensure(ref _classLogits, batch * classes);
        Span<float> typeLogits = Ensure(ref _typeLogits, batch);
        Span<float> confidenceLogits = Ensure(ref _confidenceLogits, batch);
        model.Forward(mixed, batch, classLogits, typeLogits, confidenceLogits);
        Span<float> classGrad = Ensure(ref _classGrad, batch * classes);
        Span<float> typeGrad = Ensure(ref _typeGrad, batch);
        Span<float> confidenceGrad = Ensure(ref _confidenceGrad, batch);
        double loss = 0;
        Span<float> probabilities = stackalloc float[classes];
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> logits = classLogits.Slice(i * classes, classes);
            ReadOnlySpan<float> target = targets.Slice(i * classes, classes);
            float max = float.NegativeInfinity;
            foreach (float z in logits)
            {
                max = Math.Max(max, z);
            }

            double total = 0;
            for (int k = 0; k < classes; k++)
            {
                probabilities[k] = MathF.Exp(logits[k] - max);
                total += probabilities[k];
            }

            float weight = 1f, oracle = 0f, percussive = 0f;
            for (int k = 0; k < classes; k++)
            {
                probabilities[k] = (float)(probabilities[k] / total);
                oracle += target[k] * probabilities[k];
                if (target[k] > 0)
                {
                    percussive += InstrumentClasses.IsPercussive(k + 1) ? target[k] : 0f;
                    if (drums && k < 4)
                    {
                        weight += (DrumClassWeight - 1) * target[k];
                    }
                }
            }

            for (int k = 0; k < classes; k++)
            {
                if (target[k] > 0)
                {
                    loss -= weight * target[k] * Math.Log(Math.Max(probabilities[k], 1e-12f));
                }

                classGrad[(i * classes) + k] = weight * (probabilities[k] - target[k]) / batch;
            }

            float s = Sigmoid(typeLogits[i]);
            loss -= TypeWeight * ((percussive * Math.Log(Math.Max(s, 1e-7f))) + ((1 - percussive) * Math.Log(Math.Max(1 - s, 1e-7f))));
            typeGrad[i] = TypeWeight * (s - percussive) / batch;
            float c = Sigmoid(confidenceLogits[i]);
            loss += ConfidenceWeight * (c - oracle) * (c - oracle);
            confidenceGrad[i] = ConfidenceWeight * 2 * (c - oracle) * c * (1 - c) / batch;
        }

        model.Backward(classGrad, typeGrad, confidenceGrad);
        return new BatchResult((float)(loss / batch), batch);
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    // Beta(α, α) as X / (X + Y) with X, Y ~ Gamma(α) (Marsaglia–Tsang, boosted for α < 1).
    private static float SampleBeta(Random random, float alpha)
    {
        double x = SampleGamma(random, alpha), y = SampleGamma(random, alpha);
        return x + y > 0 ? (float)(x / (x + y)) : 0.5f;
    }

    private static double SampleGamma(Random random, double shape)
    {
        if (shape < 1)
        {
            return SampleGamma(random, shape + 1) * Math.Pow(random.NextDouble(), 1 / shape);
        }

        double d = shape - (1.0 / 3), c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            double v = Math.Pow(1 + (c * z), 3);
            if (v > 0 && Math.Log(1.0 - random.NextDouble()) < (0.5 * z * z) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static Span<float> Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer.AsSpan(0, length);
    }

    private Span<int> EnsureInts(int length)
    {
        if (_labels.Length < length)
        {
            _labels = new int[length];
        }

        return _labels.AsSpan(0, length);
    }

    private sealed class StepSource(int steps) : IBatchSource<int>
    {
        public int BatchCount => steps;

        public int GetBatch(int index) => index;
    }

    private sealed class LineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
