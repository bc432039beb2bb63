using System.Collections.Immutable;

namespace NomadMuse.Analysis.Scoring;

/// <summary>How well a ranking (the scorer, or the rules as a baseline) names the fix that undoes known damage on held-out material.</summary>
public sealed class MixScorerEvaluation
{
    internal MixScorerEvaluation(string method, double mismatchDb, int examples, int top1, int top3, ImmutableArray<FixMetrics> perFix)
    {
        Method = method;
        MismatchDb = mismatchDb;
        Examples = examples;
        Top1Accuracy = examples == 0 ? double.NaN : (double)top1 / examples;
        Top3Accuracy = examples == 0 ? double.NaN : (double)top3 / examples;
        PerFix = perFix;
        MacroPrecision = Mean(perFix.Select(m => m.Precision));
        MacroRecall = Mean(perFix.Select(m => m.Recall));
    }

    /// <summary>"scorer" or "rules".</summary>
    public string Method { get; }

    /// <summary>Standard deviation (dB per band) of the random mismatch between each mix and its target.</summary>
    public double MismatchDb { get; }

    /// <summary>Held-out examples evaluated.</summary>
    public int Examples { get; }

    /// <summary>Fraction where the correct fix was ranked first.</summary>
    public double Top1Accuracy { get; }

    /// <summary>Fraction where it was among the first three (the rules rank at most their suggestions).</summary>
    public double Top3Accuracy { get; }

    /// <summary>Mean precision over the fixes with support or predictions (a fix never predicted counts 0).</summary>
    public double MacroPrecision { get; }

    /// <summary>Mean recall over the fixes with support.</summary>
    public double MacroRecall { get; }

    /// <summary>Precision and recall of each fix.</summary>
    public ImmutableArray<FixMetrics> PerFix { get; }

    private static double Mean(IEnumerable<double> values)
    {
        double sum = 0;
        int n = 0;
        foreach (double v in values)
        {
            if (!double.IsNaN(v))
            {
                sum += v;
                n++;
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }
}
