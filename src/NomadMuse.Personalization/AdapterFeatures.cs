using NomadMuse.Generation.Model;

namespace NomadMuse.Personalization;

/// <summary>
/// The frozen generator's view of the logged tokens, computed once: per prediction its GRU3 output (the adapter's
/// input), its logits, the target token, the weight and whether the sequence was rejected.
/// </summary>
internal sealed class AdapterFeatures
{
    private AdapterFeatures(int hiddenSize, int rows)
    {
        HiddenSize = hiddenSize;
        Hidden = new float[rows * hiddenSize];
        BaseLogits = new float[rows * GeneratorConfig.Vocabulary];
        Targets = new int[rows];
        Weights = new float[rows];
        Rejected = new bool[rows];
    }

    public int HiddenSize { get; }

    public int Rows => Targets.Length;

    public float[] Hidden { get; }

    public float[] BaseLogits { get; }

    public int[] Targets { get; }

    public float[] Weights { get; }

    public bool[] Rejected { get; }

    public int AcceptedRows { get; private set; }

    public int RejectedRows { get; private set; }

    /// <summary>Runs the frozen model over the newest sequences up to <paramref name="maxRows"/> predictions.</summary>
    public static AdapterFeatures Extract(GeneratorModel frozen, IEnumerable<LoggedSequence> sequences, int chunk, int maxRows)
    {
        // Newest first until the budget is spent, then back in log order so the features follow the log.
        var chosen = new List<LoggedSequence>();
        int rows = 0;
        foreach (var s in sequences.Reverse())
        {
            ArgumentNullException.ThrowIfNull(s);
            int n = s.Tokens.Length - 1;
            if (n < 1)
            {
                continue;
            }

            if (rows + n > maxRows)
            {
                break;
            }

            chosen.Add(s);
            rows += n;
        }

        chosen.Reverse();
        var features = new AdapterFeatures(frozen.Config.HiddenSize, rows);
        const int v = GeneratorConfig.Vocabulary;
        int h = frozen.Config.HiddenSize;
        int[] inputs = new int[chunk];
        float[] logits = new float[chunk * v];
        int row = 0;
        foreach (var s in chosen)
        {
            bool rejected = s.Outcome == SequenceOutcome.Rejected;
            for (int start = 0; start < s.Tokens.Length - 1; start += chunk)
            {
                int steps = Math.Min(chunk, s.Tokens.Length - 1 - start);
                for (int t = 0; t < steps; t++)
                {
                    inputs[t] = s.Tokens[start + t];
                }

                Span<float> z = logits.AsSpan(0, steps * v);
                frozen.Forward(inputs.AsSpan(0, steps), steps, 1, [s.Instrument], [s.TrackType], z, training: false);
                frozen.LastForwardTopHidden.CopyTo(features.Hidden.AsSpan(row * h, steps * h));
                z.CopyTo(features.BaseLogits.AsSpan(row * v, steps * v));
                for (int t = 0; t < steps; t++)
                {
                    features.Targets[row + t] = s.Tokens[start + t + 1];
                    features.Weights[row + t] = s.Weight;
                    features.Rejected[row + t] = rejected;
                }

                row += steps;
            }

            if (rejected)
            {
                features.RejectedRows += s.Tokens.Length - 1;
            }
            else
            {
                features.AcceptedRows += s.Tokens.Length - 1;
            }
        }

        return features;
    }
}
