namespace NomadMuse.Generation.Evaluation;

/// <summary>
/// An interpolated Kneser–Ney n-gram model over token ids: the baseline the neural generator must beat.
/// </summary>
/// <remarks>
/// <para>
/// Highest order uses raw counts, lower orders use continuation counts (how many distinct tokens precede an n-gram),
/// and every order interpolates with the next lower one; the unigram level interpolates with the uniform
/// distribution, so every token in the vocabulary has a non-zero probability. One absolute discount per order is
/// estimated from the training data as D = n₁ / (n₁ + 2·n₂) (Ney, Essen and Kneser), where nₖ is the number of
/// n-grams of that order seen exactly k times.
/// </para>
/// <para>Thread safety: a trained model is immutable; <see cref="Predict"/> may be called from several threads.</para>
/// </remarks>
public sealed class KneserNeyModel
{
    private const int BitsPerToken = 10;
    private const int MaxOrder = 6;

    private readonly Dictionary<ulong, ContextFollowers>[] _contexts;
    private readonly double[] _discounts;

    private KneserNeyModel(int order, int vocabularySize, Dictionary<ulong, ContextFollowers>[] contexts, double[] discounts)
    {
        Order = order;
        VocabularySize = vocabularySize;
        _contexts = contexts;
        _discounts = discounts;
    }

    /// <summary>The n of the model (5 for a 5-gram).</summary>
    public int Order { get; }

    /// <summary>The number of distinct token ids (ids are 0 … size − 1).</summary>
    public int VocabularySize { get; }

    /// <summary>The absolute discount used at each order (index 0 = unigram).</summary>
    public IReadOnlyList<double> Discounts => _discounts;

    /// <summary>Counts every n-gram of the training sequences and builds the model.</summary>
    /// <param name="sequences">Token sequences; n-grams never span two sequences.</param>
    /// <param name="order">The n (2–6).</param>
    /// <param name="vocabularySize">The number of token ids (at most 1,024).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    /// <exception cref="ArgumentException">A token id is outside the vocabulary.</exception>
    public static KneserNeyModel Train(IEnumerable<ReadOnlyMemory<int>> sequences, int order = 5, int vocabularySize = 258)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (order is < 2 or > MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"The order must be 2–{MaxOrder}.");
        }

        if (vocabularySize is < 1 or > (1 << BitsPerToken))
        {
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize, $"The vocabulary must hold 1–{1 << BitsPerToken} tokens.");
        }

        // Pass 1: raw counts of the top order, and the distinct n-gram types of every lower order.
        var types = new HashSet<(ulong Context, int Token)>[order];
        for (int k = 0; k < order; k++)
        {
            types[k] = [];
        }

        var counts = new Dictionary<(ulong Context, int Token), int>[order];
        counts[order - 1] = [];
        foreach (ReadOnlyMemory<int> memory in sequences)
        {
            ReadOnlySpan<int> s = memory.Span;
            for (int i = 0; i < s.Length; i++)
            {
                int token = s[i];
                if ((uint)token >= (uint)vocabularySize)
                {
                    throw new ArgumentException($"Token {token} at position {i} is outside the vocabulary of {vocabularySize}.", nameof(sequences));
                }

                for (int k = 0; k < order && k <= i; k++)
                {
                    (ulong, int) gram = (Pack(s.Slice(i - k, k)), token);
                    types[k].Add(gram);
                    if (k == order - 1)
                    {
                        Increment(counts[k], gram);
                    }
                }
            }
        }

        // Pass 2: continuation counts. A lower-order n-gram counts once per distinct token seen to its left,
        // i.e. once per distinct type one order up that ends with it. N-grams seen only at the very start of a
        // sequence have no left neighbour and get no continuation count (sequences begin with START, so this
        // only affects the START context itself).
        for (int k = order - 2; k >= 0; k--)
        {
            counts[k] = [];
            foreach ((ulong context, int token) in types[k + 1])
            {
                Increment(counts[k], (DropFirst(context), token));
            }
        }

        var discounts = new double[order];
        var contexts = new Dictionary<ulong, ContextFollowers>[order];
        for (int k = 0; k < order; k++)
        {
            discounts[k] = EstimateDiscount(counts[k]);
            contexts[k] = Group(counts[k]);
        }

        return new KneserNeyModel(order, vocabularySize, contexts, discounts);
    }

    /// <summary>Writes the probability of every next token given <paramref name="history"/>.</summary>
    /// <param name="history">The tokens so far; only the last <see cref="Order"/> − 1 are used.</param>
    /// <param name="probabilities">Receives <see cref="VocabularySize"/> probabilities summing to 1.</param>
    /// <exception cref="ArgumentException"><paramref name="probabilities"/> is shorter than the vocabulary.</exception>
    /// <remarks>Allocation-free.</remarks>
    public void Predict(ReadOnlySpan<int> history, Span<float> probabilities)
    {
        if (probabilities.Length < VocabularySize)
        {
            throw new ArgumentException($"The destination holds {probabilities.Length} values; the vocabulary has {VocabularySize}.", nameof(probabilities));
        }

        Span<float> p = probabilities[..VocabularySize];
        p.Fill(1f / VocabularySize);
        int maxContext = Math.Min(Order - 1, history.Length);
        for (int k = 0; k <= maxContext; k++)
        {
            ReadOnlySpan<int> context = history[(history.Length - k)..];
            if (!_contexts[k].TryGetValue(Pack(context), out ContextFollowers? followers))
            {
                // Unseen context: this order adds nothing, the lower-order estimate stands (full back-off).
                continue;
            }

            double d = _discounts[k];
            double total = followers.Total;
            float lowerWeight = (float)(d * followers.Tokens.Length / total);
            for (int w = 0; w < p.Length; w++)
            {
                p[w] *= lowerWeight;
            }

            for (int j = 0; j < followers.Tokens.Length; j++)
            {
                p[followers.Tokens[j]] += (float)(Math.Max(followers.Counts[j] - d, 0) / total);
            }
        }
    }

    private static ulong Pack(ReadOnlySpan<int> context)
    {
        // Length in the top bits keeps contexts of different lengths apart (token 0 is a valid id).
        ulong key = (ulong)context.Length << 60;
        for (int i = 0; i < context.Length; i++)
        {
            key |= (ulong)context[i] << (i * BitsPerToken);
        }

        return key;
    }

    private static ulong DropFirst(ulong key)
    {
        ulong length = key >> 60;
        ulong tokens = key & ((1UL << 60) - 1);
        return ((length - 1) << 60) | (tokens >> BitsPerToken);
    }

    private static void Increment(Dictionary<(ulong, int), int> map, (ulong, int) key)
    {
        map[key] = map.TryGetValue(key, out int c) ? c + 1 : 1;
    }

    private static double EstimateDiscount(Dictionary<(ulong, int), int> counts)
    {
        long n1 = 0, n2 = 0;
        foreach (int c in counts.Values)
        {
            if (c == 1)
            {
                n1++;
            }
            else if (c == 2)
            {
                n2++;
            }
        }

        // Degenerate corpora (tiny tests) can lack singletons or doubletons: fall back to the customary 0.75.
        return n1 > 0 && n2 > 0 ? Math.Clamp((double)n1 / (n1 + (2.0 * n2)), 0.05, 0.95) : 0.75;
    }

    private static Dictionary<ulong, ContextFollowers> Group(Dictionary<(ulong Context, int Token), int> counts)
    {
        var lists = new Dictionary<ulong, List<(int Token, int Count)>>();
        foreach (KeyValuePair<(ulong Context, int Token), int> entry in counts)
        {
            if (!lists.TryGetValue(entry.Key.Context, out List<(int, int)>? list))
            {
                list = [];
                lists[entry.Key.Context] = list;
            }

            list.Add((entry.Key.Token, entry.Value));
        }

        var result = new Dictionary<ulong, ContextFollowers>(lists.Count);
        foreach (KeyValuePair<ulong, List<(int Token, int Count)>> entry in lists)
        {
            entry.Value.Sort((a, b) => a.Token.CompareTo(b.Token));
            var tokens = new int[entry.Value.Count];
            var values = new int[entry.Value.Count];
            long total = 0;
            for (int i = 0; i < tokens.Length; i++)
            {
                tokens[i] = entry.Value[i].Token;
                values[i] = entry.Value[i].Count;
                total += values[i];
            }

            result[entry.Key] = new ContextFollowers(tokens, values, total);
        }

        return result;
    }

    private sealed record ContextFollowers(int[] Tokens, int[] Counts, long Total);
}
