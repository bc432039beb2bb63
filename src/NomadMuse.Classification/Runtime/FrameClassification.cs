namespace NomadMuse.Classification.Runtime;

/// <summary>The classifier's answer for one frame (the 126 ms patch ending with the newest 50 ms block).</summary>
/// <param name="ClassId">Most probable instrument class, 1–20.</param>
/// <param name="Probability">Its softmax probability.</param>
/// <param name="PercussiveProbability">Track-type head: probability that the sound is percussive.</param>
/// <param name="Confidence">Confidence head: the network's own estimate that the class is right.</param>
/// <param name="LevelDb">RMS level of the block in dBFS (−120 for digital silence); frames below about −60 dBFS say little.</param>
public readonly record struct FrameClassification(int ClassId, float Probability, float PercussiveProbability, float Confidence, float LevelDb);
