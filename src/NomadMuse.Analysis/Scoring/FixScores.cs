using System.Collections.Immutable;

namespace NomadMuse.Analysis.Scoring;

/// <summary>The <see cref="MixScorer"/>'s probabilities over every <see cref="MixFix"/> for one mix.</summary>
public sealed class FixScores
{
    private readonly float[] _probabilities;

    internal FixScores(ReadOnlySpan<float> probabilities)
    {
        _probabilities = probabilities.ToArray();
        var order = new FixScore[_probabilities.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = new FixScore((MixFix)i, _probabilities[i]);
        }

        Array.Sort(order, static (a, b) => b.Probability.CompareTo(a.Probability));
        Ranked = [.. order];
    }

    /// <summary>Every fix, most probable first.</summary>
    public ImmutableArray<FixScore> Ranked { get; }

    /// <summary>The most probable fix.</summary>
    public FixScore Best => Ranked[0];

    /// <summary>The probability of <paramref name="fix"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fix"/> is not defined.</exception>
    public float this[MixFix fix] => (uint)fix < (uint)_probabilities.Length
        ? _probabilities[(int)fix]
        : throw new ArgumentOutOfRangeException(nameof(fix), fix, "Not a defined fix.");

    /// <summary>The 1-based rank of <paramref name="fix"/> (1 = most probable).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fix"/> is not defined.</exception>
    public int RankOf(MixFix fix)
    {
        float p = this[fix];
        int rank = 1;
        foreach (float q in _probabilities)
        {
            if (q > p)
            {
                rank++;
            }
        }

        return rank;
    }
}
