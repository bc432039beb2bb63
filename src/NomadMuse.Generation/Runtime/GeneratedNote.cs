using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Runtime;

/// <summary>A generated note in beats, with the model's confidence in it.</summary>
/// <param name="StartBeats">Start, in beats from the beginning of the session's music.</param>
/// <param name="DurationBeats">Length in beats.</param>
/// <param name="Pitch">MIDI key (for drums a General MIDI percussion key 35–81).</param>
/// <param name="Velocity">MIDI velocity 1–127.</param>
/// <param name="IsDrum">A drum hit (General MIDI channel 10).</param>
/// <param name="Confidence">The probability of its NOTE_ON token when it was drawn (1 for notes the engine placed by rule, such as a fill's resolution).</param>
public readonly record struct GeneratedNote(double StartBeats, double DurationBeats, int Pitch, int Velocity, bool IsDrum, float Confidence)
{
    /// <summary>The note without its confidence, as the tokenizer and MIDI writer take it.</summary>
    public BeatNote ToBeatNote() => new(StartBeats, DurationBeats, Pitch, Velocity, IsDrum);
}
