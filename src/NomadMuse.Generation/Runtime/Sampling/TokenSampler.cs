namespace NomadMuse.Generation.Runtime.Sampling;

/// <summary>
/// Draws one token from masked logits: softmax at a temperature (max-subtracted, so large logits cannot overflow),
/// then optional top-k and nucleus (top-p) truncation, then an inverse-CDF draw from a <see cref="SamplingRandom"/>.
/// </summary>
/// <remarks>
/// Owns its scratch (three 258-entry arrays); <see cref="Sample"/> allocates nothing and takes no lock. One instance
/// per session; not thread-safe.
/// </remarks>
internal sealed class TokenSampler
{
    private readonly float[] _probabilities;
    private readonly float[] _sortKeys;
    private readonly int[] _sortTokens;

    public TokenSampler(int vocabulary)
    {
        _probabilities = new float[vocabulary];
        _sortKeys = new float[vocabulary];
        _sortTokens = new int[vocabulary];
    }

    /// <summary>Samples a token.</summary>
    /// <param name="logits">One logit per token; <see cref="float.NegativeInfinity"/> marks a token that may not be drawn.</param>
    /// <param name="temperature">Softmax temperature, &gt; 0.</param>
    /// <param name="topK">Keep only the k most probable tokens (0 = all).</param>
    /// <param name="topP">Keep the smallest set of most probable tokens whose mass reaches p (1 = all).</param>
    /// <param name="random">The draw.</param>
    /// <param name="probability">The drawn token's probability under the tempered, masked distribution before truncation.</param>
    /// <param name="maxProbability">The largest probability of that distribution (the seed's "softmax max").</param>
    /// <returns>The token, or −1 when every token is masked.</returns>
    public int Sample(ReadOnlySpan<float> logits, float temperature, int topK, float topP, SamplingRandom random,
        out float probability, out float maxProbability)
    {
        int n = logits.Length;
        Span<float> p = _probabilities.AsSpan(0, n);
        float max = float.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            if (logits[i] > max)
            {
                max = logits[i];
            }
        }

        probability = 0f;
        maxProbability = 0f;
        if (float.IsNegativeInfinity(max) || float.IsNaN(max))
        {
            return -1;
        }

        float inverseT = 1f / temperature;
        double sum = 0;
        int candidates = 0;
        for (int i = 0; i < n; i++)
        {
            float l = logits[i];
            if (float.IsNegativeInfinity(l) || float.IsNaN(l))
            {
                p[i] = 0f;
                continue;
            }

            float e = MathF.Exp((l - max) * inverseT);
            p[i] = e;
            sum += e;
            _sortKeys[candidates] = -e;
            _sortTokens[candidates] = i;
            candidates++;
        }

        float norm = (float)(1.0 / sum);
        maxProbability = norm; // the max entry is exp(0) = 1
        bool truncate = (topK > 0 && topK < candidates) || topP < 1f;
        int chosen;
        if (!truncate)
        {
            chosen = Draw(p, sum, random);
        }
        else
        {
            Span<float> keys = _sortKeys.AsSpan(0, candidates);
            Span<int> tokens = _sortTokens.AsSpan(0, candidates);
            keys.Sort(tokens); // ascending negative mass = descending probability
            int keep = topK > 0 ? Math.Min(topK, candidates) : candidates;
            if (topP < 1f)
            {
                double target = topP * sum, mass = 0;
                for (int i = 0; i < keep; i++)
                {
                    mass -= keys[i];
                    if (mass >= target)
                    {
                        keep = i + 1;
                        break;
                    }
                }
            }

            double kept = 0;
            for (int i = 0; i < keep; i++)
            {
                kept -= keys[i];
            }

            double u = random.NextDouble() * kept, acc = 0;
            chosen = tokens[keep - 1];
            for (int i = 0; i < keep; i++)
            {
                acc -= keys[i];
                if (u < acc)
                {
                    chosen = tokens[i];
                    break;
                }
            }
        }

        probability = p[chosen] * norm;
        return chosen;
    }

    private static int Draw(ReadOnlySpan<float> weights, double sum, SamplingRandom random)
    {
        double u = random.NextDouble() * sum, acc = 0;
        int last = -1;
        for (int i = 0; i < weights.Length; i++)
        {
            if (weights[i] <= 0f)
            {
                continue;
            }

            acc += weights[i];
            last = i;
            if (u < acc)
            {
                return i;
            }
        }

        return last; // rounding left u just above the running sum
    }
}
