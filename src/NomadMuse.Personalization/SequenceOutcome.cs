namespace NomadMuse.Personalization;

/// <summary>What the musician did with a generated continuation.</summary>
public enum SequenceOutcome
{
    /// <summary>Discarded; trains the adapter with weight <see cref="AdapterWeighting.RejectedWeight"/>.</summary>
    Rejected = 0,

    /// <summary>Kept; trains the adapter with weight <see cref="AdapterWeighting.AcceptedWeight"/>.</summary>
    Accepted = 1,
}
