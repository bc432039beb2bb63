namespace NomadMuse.Classification.Training.Data;

/// <summary>A note to render: start and duration in seconds, MIDI pitch and velocity.</summary>
/// <param name="Start">Onset in seconds from the first note slot.</param>
/// <param name="Duration">Held length in seconds.</param>
/// <param name="Pitch">MIDI note 0–127.</param>
/// <param name="Velocity">MIDI velocity 1–127.</param>
/// <param name="Program">Program change sent just before the note, or −1 for none.</param>
public readonly record struct ScheduledNote(double Start, double Duration, int Pitch, int Velocity, int Program = -1);
