namespace NomadMuse.Personalization;

/// <summary>One generated continuation the musician accepted or rejected, as the tokens the generator produced.</summary>
/// <param name="Session">The session it was logged in, 1-based (<see cref="SessionLog.SessionCount"/> at the time).</param>
/// <param name="Outcome">Accepted or rejected.</param>
/// <param name="Instrument">Instrument class of the track, 0 (unknown) to 20, as the generator's conditioning uses it.</param>
/// <param name="TrackType">Track type, 0 unknown, 1 tonal, 2 percussive.</param>
/// <param name="Tokens">Token ids 0–257 (docs/tokens.md). Treat as read-only: the log shares the array.</param>
public sealed record LoggedSequence(int Session, SequenceOutcome Outcome, int Instrument, int TrackType, ushort[] Tokens)
{
    /// <summary>The sequence's training weight: 1.0 when accepted, 0.1 when rejected.</summary>
    public float Weight => AdapterWeighting.WeightOf(Outcome);
}
