namespace NomadMuse.Generation.Tokens;

/// <summary>A CONTROL marker at a time in beats.</summary>
/// <param name="Beat">Time from the beginning of the sequence, in beats.</param>
/// <param name="Control">The marker.</param>
public readonly record struct BeatControl(double Beat, MuseControl Control);
