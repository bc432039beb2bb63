namespace NomadMuse.Analysis.Scoring;

/// <summary>Precision and recall of one fix on held-out examples.</summary>
/// <param name="Fix">The fix.</param>
/// <param name="Support">Held-out examples whose correct fix this is.</param>
/// <param name="Predicted">Examples where this fix was ranked first.</param>
/// <param name="Precision">Correct among <paramref name="Predicted"/>; 0 when never predicted despite support, NaN with neither.</param>
/// <param name="Recall">Found among <paramref name="Support"/> (NaN when there are none).</param>
public readonly record struct FixMetrics(MixFix Fix, int Support, int Predicted, double Precision, double Recall);
