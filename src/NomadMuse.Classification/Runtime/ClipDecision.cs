namespace NomadMuse.Classification.Runtime;

/// <summary>A whole-clip (or whole-file) decision: probabilities averaged over every non-silent 50 ms frame.</summary>
/// <param name="ClassId">Most probable class 1–20.</param>
/// <param name="Probability">Its averaged probability.</param>
/// <param name="Percussive">Averaged track-type probability above 0.5.</param>
/// <param name="PercussiveProbability">The averaged track-type probability.</param>
/// <param name="Frames">Frames averaged.</param>
public sealed record ClipDecision(int ClassId, float Probability, bool Percussive, float PercussiveProbability, int Frames);
