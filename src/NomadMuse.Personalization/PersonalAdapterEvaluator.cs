using NomadMuse.Core.Neural;
using NomadMuse.Generation.Evaluation;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Training;

namespace NomadMuse.Personalization;

/// <summary>
/// Scores next-token prediction of a frozen generator with an adapter blended in, step by step from a fresh state per
/// sequence exactly as at inference (the same predictions as <see cref="GenerationEvaluator"/>).
/// </summary>
public static class PersonalAdapterEvaluator
{
    /// <summary>Scores <paramref name="frozen"/> with <paramref name="adapter"/> at personal share <paramref name="share"/>.</summary>
    /// <param name="frozen">The generator.</param>
    /// <param name="adapter">The adapter, or null for the generator alone.</param>
    /// <param name="share">The adapter's share of the blend (1 = its own distribution; <see cref="PersonalAdapter.PersonalShare"/> of γ at inference).</param>
    /// <param name="sequences">Token sequences with their conditioning.</param>
    /// <param name="maxTokensPerSequence">Score at most this many predictions per sequence (0 = all).</param>
    public static PredictionScore Score(GeneratorModel frozen, PersonalAdapter? adapter, double share, IEnumerable<TrackSequence> sequences, int maxTokensPerSequence = 0)
    {
        ArgumentNullException.ThrowIfNull(frozen);
        ArgumentNullException.ThrowIfNull(sequences);
        var score = new PredictionScore();
        var state = frozen.CreateState();
        float[] logits = new float[GeneratorConfig.Vocabulary], p = new float[GeneratorConfig.Vocabulary];
        float[] scratch = new float[adapter?.ScratchLength ?? 0];
        foreach (var seq in sequences)
        {
            state.Reset();
            state.SetContext(seq.Instrument, seq.TrackType);
            int last = seq.Tokens.Length - 1;
            if (maxTokensPerSequence > 0)
            {
                last = Math.Min(last, maxTokensPerSequence);
            }

            for (int i = 0; i < last; i++)
            {
                frozen.Step(seq.Tokens[i], state, logits);
                adapter?.ApplyShare(state, logits, share, scratch);
                Softmax.Apply(logits, p);
                score.Add(p, seq.Tokens[i + 1]);
            }
        }

        return score;
    }
}
