using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Runtime;

/// <summary>One predicted token with its probability and where it falls in time.</summary>
/// <param name="Token">The token id, 0–257.</param>
/// <param name="Probability">Its probability under the distribution it was drawn from (masked, tempered, before truncation).</param>
/// <param name="MaxProbability">The largest probability of that distribution (the seed's "softmax max").</param>
/// <param name="Beat">The session time, in beats, at which the token takes effect (a TIME_SHIFT: before the shift).</param>
/// <param name="Velocity">The MIDI velocity in force (for a NOTE_ON, the note's velocity).</param>
/// <param name="IsDrum">Whether the stream was in drum mode (for a NOTE_ON, whether it is a drum hit).</param>
/// <param name="IsConfident">Whether <see cref="Probability"/> reaches the session's ghost-note threshold.</param>
/// <remarks>A plain value: copying it allocates nothing, so it can cross the lookahead ring to an audio thread.</remarks>
public readonly record struct PredictedEvent(int Token, float Probability, float MaxProbability, double Beat, int Velocity, bool IsDrum, bool IsConfident)
{
    /// <summary>The token's range.</summary>
    public MuseTokenKind Kind => MuseVocabulary.KindOf(Token);

    /// <summary>The MIDI key of a NOTE_ON, otherwise −1.</summary>
    public int Pitch => Token is >= MuseVocabulary.NoteOnFirst and < MuseVocabulary.DurationFirst ? Token - MuseVocabulary.NoteOnFirst : -1;

    /// <summary>The length in beats of a DURATION, otherwise 0.</summary>
    public double DurationBeats => Token is >= MuseVocabulary.DurationFirst and < MuseVocabulary.VelocityFirst ? DurationBins.BeatsOf(Token - MuseVocabulary.DurationFirst) : 0;

    /// <summary>Whether the lookahead served this as a stand-in because no fresh prediction was ready in time.</summary>
    public bool IsFallback { get; init; }
}
