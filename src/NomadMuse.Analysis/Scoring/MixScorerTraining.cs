using System.Collections.Immutable;
using System.Diagnostics;
using NomadMuse.Core.Audio;
using NomadMuse.Core.Audio.Flac;
using NomadMuse.Core.Training;
using NomadMuse.State;

namespace NomadMuse.Analysis.Scoring;

/// <summary>
/// Makes honest labels for the <see cref="MixScorer"/> and trains and evaluates it: segments of real, finished mixes
/// are analysed clean and with one known damage each (EQ bells and shelves at band centres, a flipped polarity,
/// side gain, heavy compression); the label is the fix that undoes the damage. Files are split into training and
/// held-out sets, never segments of one file across both.
/// </summary>
/// <remarks>Single-threaded by design (training shares the machine). Allocates freely; not for real-time threads.</remarks>
public static class MixScorerTraining
{
    /// <summary>The WAV and FLAC files of a folder, sorted by name.</summary>
    /// <param name="folder">The folder.</param>
    /// <returns>Full paths.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ImmutableArray<string> FindAudio(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return [.. Directory.EnumerateFiles(folder)
            .Where(f => f.EndsWith(".flac", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Decodes, damages and analyses segments of <paramref name="files"/>.</summary>
    /// <param name="files">WAV or FLAC files of finished mixes (mono is duplicated to stereo; more channels keep the first two).</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="log">Receives one line per file; null for silence.</param>
    /// <param name="heldOutOnly">Analyse only the held-out files (for evaluating a trained scorer).</param>
    /// <param name="cancellationToken">Stops between segments.</param>
    /// <returns>The examples, split by file.</returns>
    /// <exception cref="InvalidDataException">A file cannot be decoded.</exception>
    /// <exception cref="ArgumentException">No file, or no file left for training or evaluation.</exception>
    public static ScorerDataset BuildDataset(IEnumerable<string> files, MixScorerTrainingOptions? options = null, Action<string>? log = null,
        bool heldOutOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        options ??= new MixScorerTrainingOptions();
        options.Validate();
        var heldOutNames = new HashSet<string>(options.HeldOut, StringComparer.OrdinalIgnoreCase);
        var training = new List<ScorerExample>();
        var heldOut = new List<ScorerExample>();
        var random = new TrainingRandom(options.Seed);
        var clock = Stopwatch.StartNew();
        double seconds = 0;
        foreach (string path in files)
        {
            string name = Path.GetFileName(path);
            if (heldOutOnly && !heldOutNames.Contains(name))
            {
                continue;
            }

            AudioBuffer audio = Decode(path);
            List<ScorerExample> into = heldOutNames.Contains(name) ? heldOut : training;
            int before = into.Count;
            seconds += AnalyseFile(name, audio, options, random, into, cancellationToken);
            log?.Invoke($"{name}: {into.Count - before} examples ({(ReferenceEquals(into, heldOut) ? "held out" : "training")}), {clock.Elapsed.TotalSeconds:F0} s");
        }

        if ((training.Count == 0 && !heldOutOnly) || heldOut.Count == 0)
        {
            throw new ArgumentException($"Need files for both training and held-out evaluation; got {training.Count} training and {heldOut.Count} held-out examples (held out: {string.Join(", ", options.HeldOut)}).", nameof(files));
        }

        return new ScorerDataset(training, heldOut, clock.Elapsed, seconds);
    }

    /// <summary>Trains a new scorer on the training part of <paramref name="data"/>.</summary>
    /// <param name="data">The examples.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="log">Receives progress lines; null for silence.</param>
    /// <param name="cancellationToken">Stops training early (the scorer keeps its weights so far).</param>
    /// <returns>The trained scorer.</returns>
    public static MixScorer Train(ScorerDataset data, MixScorerTrainingOptions? options = null, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new MixScorerTrainingOptions();
        options.Validate();
        var scorer = new MixScorer(options.Hidden1, options.Hidden2);
        var random = new TrainingRandom(options.Seed ^ 0x5C0E5C0EUL);
        scorer.Initialize(random);
        var source = new ExampleBatches(data.Training, options.BatchSize, random);
        long steps = (long)options.Epochs * source.BatchCount;
        var trainer = new Trainer<ReadOnlyMemory<int>>(scorer, new TrainerOptions
        {
            Epochs = options.Epochs, LearningRate = options.LearningRate, MinimumLearningRate = options.LearningRate / 30,
            WarmupSteps = Math.Min(200, steps / 10), WeightDecay = 0.01f, MaxGradientNorm = 5f, ShuffleSeed = options.Seed,
            ProgressInterval = Math.Max(1, source.BatchCount * Math.Max(1, options.Epochs / 10)),
        }, random);
        int f = MixScorer.FeatureCount, k = MixFixes.Count;
        float[] features = new float[options.BatchSize * f], logits = new float[options.BatchSize * k], grad = new float[options.BatchSize * k];
        int[] targets = new int[options.BatchSize];
        BatchResult Step(ReadOnlyMemory<int> batch)
        {
            ReadOnlySpan<int> rows = batch.Span;
            for (int r = 0; r < rows.Length; r++)
            {
                ScorerExample example = data.Training[rows[r]];
                double mismatch = options.MaxMismatchDb * random.NextDouble();
                example.Features(features.AsSpan(r * f, f), mismatch, random);
                targets[r] = (int)example.Label;
            }

            int n = rows.Length;
            scorer.Forward(features.AsSpan(0, n * f), n, logits.AsSpan(0, n * k));
            float loss = CrossEntropyLoss.Compute(logits.AsSpan(0, n * k), k, targets.AsSpan(0, n), grad.AsSpan(0, n * k));
            scorer.Backward(grad.AsSpan(0, n * k), n);
            return new BatchResult(loss, n);
        }

        var progress = log is null ? null : new InlineProgress(p => log($"step {p.Step}/{p.TotalSteps}  loss {p.Loss:F4}  lr {p.LearningRate:E1}  {p.Elapsed.TotalSeconds:F1} s"));
        trainer.Run(source, Step, progress, cancellationToken);
        return scorer;
    }

    /// <summary>Ranks the fixes of every held-out example with <paramref name="scorer"/>.</summary>
    /// <param name="scorer">The scorer.</param>
    /// <param name="data">The examples (only the held-out part is used).</param>
    /// <param name="mismatchDb">Per-band standard deviation of the target mismatch (0: each mix against its own clean balance).</param>
    /// <param name="seed">Seed of the mismatch noise (the same seed gives the rules the same targets).</param>
    /// <returns>Top-1/top-3 accuracy and per-fix precision and recall.</returns>
    public static MixScorerEvaluation Evaluate(MixScorer scorer, ScorerDataset data, double mismatchDb, ulong seed = 7)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(data);
        Span<float> features = stackalloc float[MixScorer.FeatureCount];
        Span<float> p = stackalloc float[MixFixes.Count];
        var random = new TrainingRandom(seed);
        var outcomes = new List<(MixFix Label, MixFix Predicted, int Rank)>();
        foreach (ScorerExample example in data.HeldOut)
        {
            example.Features(features, mismatchDb, random);
            scorer.Score(features, p);
            var scores = new FixScores(p);
            outcomes.Add((example.Label, scores.Best.Fix, scores.RankOf(example.Label)));
        }

        return Summarise("scorer", mismatchDb, outcomes);
    }

    /// <summary>The baseline: the rules' first suggestion that maps to a fix (see <see cref="MixFixes.For"/>), or none.</summary>
    /// <param name="data">The examples (only the held-out part is used).</param>
    /// <param name="mismatchDb">As for <see cref="Evaluate"/>.</param>
    /// <param name="seed">As for <see cref="Evaluate"/>; the same seed draws the same targets.</param>
    /// <param name="toleranceDb">The rules' tolerance per band, dB (default 3, the built-in minimum).</param>
    /// <returns>The rules' top-1/top-3 accuracy and per-fix precision and recall.</returns>
    public static MixScorerEvaluation EvaluateRules(ScorerDataset data, double mismatchDb, ulong seed = 7, double toleranceDb = 3)
    {
        ArgumentNullException.ThrowIfNull(data);
        double[] deviations = new double[BandInfo.Count];
        var random = new TrainingRandom(seed);
        var options = new SuggestionOptions { MaxSuggestions = 64, UseScorer = false };
        var outcomes = new List<(MixFix Label, MixFix Predicted, int Rank)>();
        foreach (ScorerExample example in data.HeldOut)
        {
            // Draw the noise exactly as Evaluate does (Features draws the same sequence), then reuse the deviations.
            example.Deviations(deviations, mismatchDb, random);
            var target = new GenreTarget("reference", example.Reference, Enumerable.Repeat(toleranceDb, BandInfo.Count).ToArray(), 1, "the clean excerpt");
            var suggestions = MixSuggestionRules.Evaluate(target, deviations, example.Measured, example.Loudness, example.Dynamics, example.Stereo, 2, options);
            MixFix[] fixes = [.. suggestions.Select(MixFixes.For).OfType<MixFix>().Distinct()];
            MixFix predicted = fixes.Length > 0 ? fixes[0] : MixFix.None;
            int rank = example.Label == MixFix.None
                ? (fixes.Length == 0 ? 1 : int.MaxValue)
                : Array.IndexOf(fixes, example.Label) is int i and >= 0 ? i + 1 : int.MaxValue;
            outcomes.Add((example.Label, predicted, rank));
        }

        return Summarise("rules", mismatchDb, outcomes);
    }

    private static MixScorerEvaluation Summarise(string method, double mismatchDb, List<(MixFix Label, MixFix Predicted, int Rank)> outcomes)
    {
        var perFix = ImmutableArray.CreateBuilder<FixMetrics>(MixFixes.Count);
        for (int c = 0; c < MixFixes.Count; c++)
        {
            var fix = (MixFix)c;
            int support = outcomes.Count(o => o.Label == fix), predicted = outcomes.Count(o => o.Predicted == fix);
            int hits = outcomes.Count(o => o.Label == fix && o.Predicted == fix);
            double precision = predicted > 0 ? (double)hits / predicted : support > 0 ? 0 : double.NaN;
            double recall = support > 0 ? (double)hits / support : double.NaN;
            perFix.Add(new FixMetrics(fix, support, predicted, precision, recall));
        }

        return new MixScorerEvaluation(method, mismatchDb, outcomes.Count, outcomes.Count(o => o.Rank == 1), outcomes.Count(o => o.Rank <= 3), perFix.MoveToImmutable());
    }

    private static AudioBuffer Decode(string path)
    {
        try
        {
            Span<byte> magic = stackalloc byte[4];
            using (FileStream probe = File.OpenRead(path))
            {
                probe.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            }

            if (magic.SequenceEqual("fLaC"u8))
            {
                using FlacReader flac = FlacReader.Open(path);
                return new AudioBuffer(flac.SampleRate, flac.Channels, flac.ReadToEnd());
            }

            return WavFile.ReadAll(path);
        }
        catch (Exception e) when (e is FlacFormatException or WavFormatException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Analyses <see cref="MixScorerTrainingOptions.SegmentsPerFile"/> segments clean and with one damage per fix; returns seconds analysed.</summary>
    internal static double AnalyseFile(string name, AudioBuffer audio, MixScorerTrainingOptions options, TrainingRandom random, List<ScorerExample> into,
        CancellationToken cancellationToken)
    {
        int rate = audio.SampleRate;
        int segmentFrames = (int)(options.SegmentSeconds * rate);
        int frames = audio.FrameCount;
        if (frames < segmentFrames)
        {
            return 0;
        }

        float[] clean = new float[segmentFrames * 2], damaged = new float[segmentFrames * 2];
        double seconds = 0;
        for (int s = 0; s < options.SegmentsPerFile; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long start = (long)((frames - segmentFrames) * ((s + 0.5) / options.SegmentsPerFile));
            CopyStereo(audio, (int)start, clean);
            MixAnalyzer reference = Analyse(clean, rate);
            double[] referenceLevels = new double[BandInfo.Count];
            reference.Balance.LongTermRelative.CopyTo(referenceLevels);
            into.Add(Example(name, MixFix.None, "clean", reference, referenceLevels));
            for (int c = 1; c < MixFixes.Count; c++)
            {
                MixDamage damage = MixDamage.For((MixFix)c, random);
                clean.CopyTo(damaged, 0);
                damage.Apply(damaged, rate);
                into.Add(Example(name, damage.Fix, damage.ToString(), Analyse(damaged, rate), referenceLevels));
            }

            seconds += MixFixes.Count * options.SegmentSeconds;
        }

        return seconds;
    }

    private static ScorerExample Example(string name, MixFix label, string damage, MixAnalyzer analyzer, double[] reference) =>
        new(name, label, damage, analyzer.Balance.LongTermRelative, reference, analyzer.ReadLoudness(), analyzer.ReadDynamics(), analyzer.ReadStereo());

    private static MixAnalyzer Analyse(float[] stereo, int rate)
    {
        var analyzer = new MixAnalyzer(rate, 2);
        const int Chunk = 4096 * 2;
        for (int i = 0; i < stereo.Length; i += Chunk)
        {
            analyzer.Push(stereo.AsSpan(i, Math.Min(Chunk, stereo.Length - i)));
        }

        return analyzer;
    }

    private static void CopyStereo(AudioBuffer audio, int startFrame, float[] destination)
    {
        int channels = audio.Channels, frames = destination.Length / 2;
        float[] samples = audio.Samples;
        for (int i = 0; i < frames; i++)
        {
            int at = (startFrame + i) * channels;
            destination[2 * i] = samples[at];
            destination[(2 * i) + 1] = channels > 1 ? samples[at + 1] : samples[at];
        }
    }

    /// <summary>Fixed batches over a shuffled order of the examples (the trainer shuffles batch order per epoch).</summary>
    private sealed class ExampleBatches : IBatchSource<ReadOnlyMemory<int>>
    {
        private readonly int[] _order;
        private readonly int _batchSize;

        public ExampleBatches(IReadOnlyList<ScorerExample> examples, int batchSize, TrainingRandom random)
        {
            _order = [.. Enumerable.Range(0, examples.Count)];
            random.Shuffle(_order.AsSpan());
            _batchSize = batchSize;
        }

        public int BatchCount => (_order.Length + _batchSize - 1) / _batchSize;

        public ReadOnlyMemory<int> GetBatch(int index) =>
            _order.AsMemory(index * _batchSize, Math.Min(_batchSize, _order.Length - (index * _batchSize)));
    }

    /// <summary>Reports synchronously on the training thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
