namespace NomadMuse.Personalization;

/// <summary>How the adapter learns from sequences the musician rejected (weight 0.1).</summary>
public enum RejectedHandling
{
    /// <summary>
    /// Unlikelihood: each rejected token adds 0.1·(−log(1 − p(token))), pushing probability away from what was
    /// rejected (Welleck et al. 2019). Measured to over-reach: rejected sequences are mostly ordinary, well-predicted
    /// music, so the adapter learns to avoid what the frozen model predicts well outside the accepted style
    /// (docs/personalization.md).
    /// </summary>
    Unlikelihood = 0,

    /// <summary>
    /// The literal reading of "rejected with weight 0.1": rejected sequences are ordinary cross-entropy examples at a
    /// tenth of an accepted one's weight, so they still pull towards themselves, only less.
    /// </summary>
    DownWeighted = 1,

    /// <summary>
    /// No increase, anchored: a rejected token may not become more likely than the frozen model had it, and in a
    /// rejected context the adapter's distribution is pulled back to the frozen one; each rejected token costs
    /// 0.1·[KL(p_frozen ‖ p_adapted) + max(0, log p_adapted(token) − log p_frozen(token))]. Bounded: the best an
    /// adapter can do on rejected music is to leave the frozen model as it was.
    /// </summary>
    NoIncrease = 2,
}
