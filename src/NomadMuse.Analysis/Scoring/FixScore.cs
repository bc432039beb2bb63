namespace NomadMuse.Analysis.Scoring;

/// <summary>One candidate fix and the scorer's probability that it undoes what is wrong with the mix.</summary>
/// <param name="Fix">The fix.</param>
/// <param name="Probability">Softmax probability, 0–1; the probabilities of all fixes add up to 1.</param>
public readonly record struct FixScore(MixFix Fix, float Probability);
