using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Training;

/// <summary>Time-major token batch: Tokens and Targets are [T × B]; a target of -100 is ignored.</summary>
internal sealed record SequenceBatch(int[] Tokens, int[] Targets, int Steps, int Batch);

/// <summary>Embedding → GRU → dropout → Linear, trained with cross-entropy: the smallest real model for the trainer tests.</summary>
internal sealed class TinySequenceModel : ITrainable
{
    private float[] _e = [], _h = [], _hd = [], _logits = [], _gLogits = [], _gh = [], _ge = [];

    public TinySequenceModel(int vocabulary, int embedding, int hidden, float dropout, TrainingRandom random)
    {
        Vocabulary = vocabulary;
        Embed = new Embedding("emb", vocabulary, embedding);
        Gru = new Gru("gru", embedding, hidden);
        Drop = new Dropout(dropout, random);
        Head = new Linear("head", hidden, vocabulary);
        Embed.Initialize(random);
        Gru.Initialize(random);
        Head.Initialize(random);
        Parameters = [.. Embed.Parameters, .. Gru.Parameters, .. Head.Parameters];
    }

    public int Vocabulary { get; }

    public Embedding Embed { get; }

    public Gru Gru { get; }

    public Dropout Drop { get; }

    public Linear Head { get; }

    public IReadOnlyList<Parameter> Parameters { get; }

    public BatchResult TrainStep(SequenceBatch batch)
    {
        int rows = batch.Steps * batch.Batch;
        Resize(ref _e, rows * Embed.Dimension);
        Resize(ref _h, rows * Gru.HiddenSize);
        Resize(ref _hd, rows * Gru.HiddenSize);
        Resize(ref _gh, rows * Gru.HiddenSize);
        Resize(ref _ge, rows * Embed.Dimension);
        Resize(ref _logits, rows * Vocabulary);
        Resize(ref _gLogits, rows * Vocabulary);

        Embed.Forward(batch.Tokens, _e);
        Gru.Forward(_e, batch.Steps, batch.Batch, [], _h);
        Drop.Forward(_h, _hd);
        Head.Forward(_hd, _logits);
        float loss = CrossEntropyLoss.Compute(_logits, Vocabulary, batch.Targets, _gLogits);

        Head.Backward(_gLogits, _gh);
        Drop.Backward(_gh, _gh);
        Gru.Backward(_gh, [], _ge, []);
        Embed.Backward(_ge);
        return new BatchResult(loss, rows);
    }

    public float[] Snapshot() => Parameters.SelectMany(p => p.Value).ToArray();

    private static void Resize(ref float[] a, int n)
    {
        if (a.Length != n)
        {
            a = new float[n];
        }
    }
}

/// <summary>Windows of a repeating pattern that needs memory (what follows 1 depends on the token before it).</summary>
internal sealed class PatternSource : IBatchSource<SequenceBatch>
{
    public static readonly int[] Pattern = [1, 2, 1, 3, 1, 4];
    private readonly SequenceBatch[] _batches;

    public PatternSource(int batches, int steps, int batch, int seed)
    {
        var rng = new Random(seed);
        _batches = new SequenceBatch[batches];
        for (int i = 0; i < batches; i++)
        {
            int[] tokens = new int[steps * batch], targets = new int[steps * batch];
            for (int b = 0; b < batch; b++)
            {
                int offset = rng.Next(Pattern.Length);
                for (int t = 0; t < steps; t++)
                {
                    tokens[t * batch + b] = Pattern[(offset + t) % Pattern.Length];
                    // At t = 0 a lone "1" cannot say what follows: leave it out of the loss.
                    targets[t * batch + b] = t == 0 ? CrossEntropyLoss.DefaultIgnoreIndex : Pattern[(offset + t + 1) % Pattern.Length];
                }
            }

            _batches[i] = new SequenceBatch(tokens, targets, steps, batch);
        }
    }

    public int BatchCount => _batches.Length;

    public SequenceBatch GetBatch(int index) => _batches[index];
}

/// <summary>An IProgress that records synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class ListProgress : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = [];

    public void Report(TrainingProgress value) => Reports.Add(value);
}
