using NomadMuse.Core.Neural;
using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Model;
using NomadMuse.State;

namespace NomadMuse.Generation.Training;

/// <summary>
/// Scores next-token prediction on tokenized tracks: token i+1 given tokens 0..i, for every i of every sequence
/// (START is context only). The generator runs step by step from a fresh state per track, exactly as at inference.
/// </summary>
public static class GenerationEvaluator
{
    /// <summary>Scores a generator of either architecture.</summary>
    /// <param name="model">The model.</param>
    /// <param name="sequences">Tracks to score.</param>
    /// <param name="maxTokensPerSequence">Score at most this many predictions per track (0 = all).</param>
    /// <param name="groupOf">Optional group name of a track (e.g. its corpus); null = no group.</param>
    public static GenerationScores Score(ITokenPredictor model, IEnumerable<TrackSequence> sequences, int maxTokensPerSequence = 0,
        Func<TrackSequence, string?>? groupOf = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sequences);
        var scores = new GenerationScores();
        var stream = model.OpenStream();
        float[] logits = new float[GeneratorConfig.Vocabulary], p = new float[GeneratorConfig.Vocabulary];
        foreach (var seq in sequences)
        {
            stream.Reset(seq.Instrument, seq.TrackType);
            var part = seq.TrackType == (int)TrackType.Percussive ? scores.Drums : scores.Tonal;
            string? groupName = groupOf?.Invoke(seq);
            var group = groupName is null ? null : scores.Group(groupName);
            int last = Limit(seq, maxTokensPerSequence);
            for (int i = 0; i < last; i++)
            {
                stream.Step(seq.Tokens[i], logits);
                Softmax.Apply(logits, p);
                scores.All.Add(p, seq.Tokens[i + 1]);
                part.Add(p, seq.Tokens[i + 1]);
                group?.Add(p, seq.Tokens[i + 1]);
            }
        }

        return scores;
    }

    /// <summary>Scores an n-gram baseline on the same predictions as <see cref="Score(ITokenPredictor, IEnumerable{TrackSequence}, int, Func{TrackSequence, string?})"/>.</summary>
    public static GenerationScores Score(KneserNeyModel baseline, IEnumerable<TrackSequence> sequences, int maxTokensPerSequence = 0,
        Func<TrackSequence, string?>? groupOf = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(sequences);
        var scores = new GenerationScores();
        float[] p = new float[baseline.VocabularySize];
        int[] history = new int[baseline.Order];
        foreach (var seq in sequences)
        {
            var part = seq.TrackType == (int)TrackType.Percussive ? scores.Drums : scores.Tonal;
            string? groupName = groupOf?.Invoke(seq);
            var group = groupName is null ? null : scores.Group(groupName);
            int last = Limit(seq, maxTokensPerSequence);
            for (int i = 0; i < last; i++)
            {
                int from = Math.Max(0, i + 1 - (baseline.Order - 1));
                int n = i + 1 - from;
                for (int k = 0; k < n; k++)
                {
                    history[k] = seq.Tokens[from + k];
                }

                baseline.Predict(history.AsSpan(0, n), p);
                scores.All.Add(p, seq.Tokens[i + 1]);
                part.Add(p, seq.Tokens[i + 1]);
                group?.Add(p, seq.Tokens[i + 1]);
            }
        }

        return scores;
    }

    /// <summary>Trains the Kneser–Ney 5-gram baseline on tracks.</summary>
    public static KneserNeyModel TrainBaseline(IEnumerable<TrackSequence> sequences, int order = 5) =>
        KneserNeyModel.Train(sequences.Select(s => (ReadOnlyMemory<int>)Array.ConvertAll(s.Tokens, t => (int)t)), order, GeneratorConfig.Vocabulary);

    private static int Limit(TrackSequence seq, int max)
    {
        int predictions = seq.Tokens.Length - 1;
        return max > 0 ? Math.Min(max, predictions) : predictions;
    }
}
