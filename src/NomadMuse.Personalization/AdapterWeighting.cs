namespace NomadMuse.Personalization;

/// <summary>
/// The numbers that turn a musician's history into training signal for the personal adapter (seed §3.2.6): the
/// weight of each logged sequence and the adapter's share γ in the fusion teacher.
/// </summary>
/// <remarks>
/// The fusion model is distilled towards 0.5·Base + 0.3·Student + γ·Adapter. γ grows with the number of sessions the
/// adapter has learned from, γ = 0.2·sigmoid(n_sessions − 10): close to 0 for a new user (≈ 9·10⁻⁶ at 0 sessions),
/// 0.1 at 10 sessions, approaching 0.2 after about 15. Pure functions; any thread.
/// </remarks>
public static class AdapterWeighting
{
    /// <summary>Training weight of an accepted sequence.</summary>
    public const float AcceptedWeight = 1.0f;

    /// <summary>
    /// Training weight of a rejected sequence: still music the musician played along with, so it is kept as weak
    /// evidence of style rather than dropped.
    /// </summary>
    public const float RejectedWeight = 0.1f;

    /// <summary>The largest share the adapter ever gets.</summary>
    public const double MaxGamma = 0.2;

    /// <summary>The session count at which the adapter gets half of <see cref="MaxGamma"/>.</summary>
    public const int HalfwaySessions = 10;

    /// <summary>The training weight of a sequence with this outcome.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="outcome"/> is not a defined value.</exception>
    public static float WeightOf(SequenceOutcome outcome) => outcome switch
    {
        SequenceOutcome.Accepted => AcceptedWeight,
        SequenceOutcome.Rejected => RejectedWeight,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "The outcome is Accepted or Rejected."),
    };

    /// <summary>γ = 0.2·sigmoid(n_sessions − 10), the adapter's weight in the fusion teacher.</summary>
    /// <param name="sessions">Sessions logged so far, 0 or more.</param>
    /// <returns>γ, in (0, 0.2).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sessions"/> is negative.</exception>
    public static double Gamma(int sessions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sessions);
        return MaxGamma / (1 + Math.Exp(HalfwaySessions - (double)sessions));
    }
}
