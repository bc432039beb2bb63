namespace NomadMuse.Personalization;

/// <summary>How the adapter learns from sequences the musician rejected (weight 0.1).</summary>
public enum RejectedHandling
{
    /// <summary>
    /// Unlikelihood: each rejected token adds 0.1·(−log(1 − p(token))), pushing probability away from what was
    /// rejected (Welleck et al. 2019). The default.
    /// </summary>
    Unlikelihood = 0,

    /// <summary>
    /// The literal reading of "rejected with weight 0.1": rejected sequences are ordinary cross-entropy examples at a
    /// tenth of an accepted one's weight, so they still pull towards themselves, only less.
    /// </summary>
    DownWeighted = 1,
}
