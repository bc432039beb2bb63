namespace NomadMuse.Generation.Tokens;

/// <summary>A note in beats (quarter notes), independent of tempo and time division.</summary>
/// <param name="StartBeats">Start from the beginning of the sequence, in beats.</param>
/// <param name="DurationBeats">Length in beats.</param>
/// <param name="Pitch">MIDI key 0–127 (for drums, a General MIDI percussion key).</param>
/// <param name="Velocity">Velocity 1–127.</param>
/// <param name="IsDrum">True for a drum hit on the General MIDI percussion channel.</param>
public readonly record struct BeatNote(double StartBeats, double DurationBeats, int Pitch, int Velocity, bool IsDrum);
