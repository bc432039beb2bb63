using NomadMuse.Generation.Evaluation;

namespace NomadMuse.Generation.Tests.Evaluation;

public sealed class KneserNeyModelTests
{
    private static ReadOnlyMemory<int>[] RandomCorpus(int seed, int sequences, int length, int vocabulary)
    {
        var rng = new Random(seed);
        var result = new ReadOnlyMemory<int>[sequences];
        for (int s = 0; s < sequences; s++)
        {
            var seq = new int[length];
            for (int i = 0; i < length; i++)
            {
                // A biased source with structure: often repeat a small motif, sometimes a random token.
                seq[i] = rng.NextDouble() < 0.7 ? (i % 4) * 3 : rng.Next(vocabulary);
            }

            result[s] = seq;
        }

        return result;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Predict_AnyHistory_SumsToOneAndIsPositive(int order)
    {
        var model = KneserNeyModel.Train(RandomCorpus(1, 20, 200, 40), order, 40);
        var rng = new Random(7);
        var p = new float[40];
        for (int trial = 0; trial < 200; trial++)
        {
            int[] history = Enumerable.Range(0, rng.Next(0, 8)).Select(_ => rng.Next(40)).ToArray();
            model.Predict(history, p);
            Assert.All(p, v => Assert.True(v > 0, "every token needs non-zero probability"));
            Assert.Equal(1.0, p.Sum(v => (double)v), 4);
        }
    }

    [Fact]
    public void Predict_DeterministicSequence_LearnsTheContinuation()
    {
        int[] cycle = [5, 9, 2, 7, 5, 9, 2, 8];
        var seq = Enumerable.Range(0, 800).Select(i => cycle[i % cycle.Length]).ToArray();
        var model = KneserNeyModel.Train([seq], 5, 12);
        var p = new float[12];

        // "5 9 2" is ambiguous at order 4 (7 or 8) but "7 5 9 2" → 8 and "8 5 9 2" → 7 are not.
        model.Predict([7, 5, 9, 2], p);
        Assert.True(p[8] > 0.9f, $"p(8 | 7 5 9 2) = {p[8]}");
        model.Predict([8, 5, 9, 2], p);
        Assert.True(p[7] > 0.9f, $"p(7 | 8 5 9 2) = {p[7]}");
        model.Predict([5, 9, 2], p);
        Assert.InRange(p[7], 0.3f, 0.7f);
        Assert.InRange(p[8], 0.3f, 0.7f);
    }

    [Fact]
    public void Predict_HandComputedBigram_MatchesFormula()
    {
        // Corpus "0 1 0 1 0 2": bigram model, vocabulary 3.
        var model = KneserNeyModel.Train([new[] { 0, 1, 0, 1, 0, 2 }], 2, 3);
        var p = new float[3];
        model.Predict([0], p);

        // Unigram continuation counts: token 1 preceded by {0}, token 0 by {1}, token 2 by {0} → 1 each, total 3.
        // Bigram raw counts after 0: (0,1)=2, (0,2)=1 → total 3, two follower types.
        double d1 = model.Discounts[0];
        double d2 = model.Discounts[1];
        double[] uni = new double[3];
        for (int w = 0; w < 3; w++)
        {
            uni[w] = (Math.Max(1 - d1, 0) / 3) + (d1 * 3 / 3 * (1.0 / 3));
        }

        double[] expected =
        [
            (d2 * 2 / 3) * uni[0],
            (Math.Max(2 - d2, 0) / 3) + (d2 * 2 / 3 * uni[1]),
            (Math.Max(1 - d2, 0) / 3) + (d2 * 2 / 3 * uni[2]),
        ];
        for (int w = 0; w < 3; w++)
        {
            Assert.Equal(expected[w], p[w], 5);
        }
    }

    [Fact]
    public void Train_TokenOutsideVocabulary_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => KneserNeyModel.Train([new[] { 1, 2, 300 }], 3, 258));
        Assert.Contains("300", ex.Message, StringComparison.Ordinal);
    }
}
