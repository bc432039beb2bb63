namespace NomadMuse.Generation.Training;

/// <summary>
/// A token sequence with the weight its cross-entropy carries in the fusion's acceptance term (seed §3.2.6:
/// 1 for material the user accepted, 0.1 for material they rejected) and its track context.
/// </summary>
/// <param name="Tokens">The tokens, in order (at least two: one input and one target).</param>
/// <param name="Weight">Non-negative weight of every prediction in the sequence.</param>
/// <param name="Instrument">The conditioning instrument class the sequence was generated for (as in training batches).</param>
/// <param name="TrackType">The conditioning track type (as in training batches).</param>
public sealed record WeightedSequence(int[] Tokens, float Weight, int Instrument, int TrackType);
