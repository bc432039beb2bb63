using System.Collections.Immutable;

namespace NomadMuse.State;

/// <summary>One mixing or mastering suggestion, as the analyzer publishes it to the state (seed §3.5.2, scenario 3).</summary>
/// <remarks>
/// Immutable. <see cref="TrackIds"/> names the tracks the suggestion applies to ("cut 300 Hz on guitar tracks 4–6");
/// empty means the whole mix. Record equality compares <see cref="TrackIds"/> by reference, as
/// <see cref="ImmutableArray{T}"/> does.
/// </remarks>
public sealed record MixSuggestion
{
    /// <summary>Creates a suggestion.</summary>
    /// <param name="severity">How much it matters.</param>
    /// <param name="band">The band concerned, or <see langword="null"/> for broadband advice (loudness, stereo).</param>
    /// <param name="freqLowHz">The low edge of the frequency range to act on, Hz (0 or more).</param>
    /// <param name="freqHighHz">The high edge, Hz (at least <paramref name="freqLowHz"/>).</param>
    /// <param name="action">What to do.</param>
    /// <param name="amountDb">How much, in dB (positive numbers; the action gives the direction, except <see cref="MixAction.Gain"/>).</param>
    /// <param name="q">The filter Q for EQ actions, or 0 when not applicable.</param>
    /// <param name="message">A human-readable sentence.</param>
    /// <param name="trackIds">The tracks to apply it to; default or empty for the whole mix.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public MixSuggestion(SuggestionSeverity severity, Band? band, float freqLowHz, float freqHighHz, MixAction action, float amountDb,
        float q, string message, ImmutableArray<int> trackIds = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!(freqLowHz >= 0f) || !(freqHighHz >= freqLowHz) || float.IsInfinity(freqHighHz))
        {
            throw new ArgumentOutOfRangeException(nameof(freqHighHz), freqHighHz, $"The range must satisfy 0 ≤ low ({freqLowHz}) ≤ high, both finite.");
        }

        if (!float.IsFinite(amountDb))
        {
            throw new ArgumentOutOfRangeException(nameof(amountDb), amountDb, "The amount must be a finite number of dB.");
        }

        if (!(q >= 0f) || float.IsInfinity(q))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "Q is 0 (not applicable) or a positive finite number.");
        }

        if (!Enum.IsDefined(severity))
        {
            throw new ArgumentOutOfRangeException(nameof(severity), severity, "Unknown severity.");
        }

        if (!Enum.IsDefined(action))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown action.");
        }

        if (band is { } b && !Enum.IsDefined(b))
        {
            throw new ArgumentOutOfRangeException(nameof(band), band, "Unknown band.");
        }

        Severity = severity;
        Band = band;
        FreqLowHz = freqLowHz;
        FreqHighHz = freqHighHz;
        Action = action;
        AmountDb = amountDb;
        Q = q;
        Message = message;
        TrackIds = trackIds.IsDefault ? [] : trackIds;
    }

    /// <summary>How much it matters.</summary>
    public SuggestionSeverity Severity { get; }

    /// <summary>The band concerned, or <see langword="null"/> for broadband advice.</summary>
    public Band? Band { get; }

    /// <summary>The low edge of the frequency range to act on, Hz.</summary>
    public float FreqLowHz { get; }

    /// <summary>The high edge of the frequency range to act on, Hz.</summary>
    public float FreqHighHz { get; }

    /// <summary>What to do.</summary>
    public MixAction Action { get; }

    /// <summary>How much, in dB.</summary>
    public float AmountDb { get; }

    /// <summary>The filter Q, or 0 when not applicable.</summary>
    public float Q { get; }

    /// <summary>A human-readable sentence, e.g. "Cut 300 Hz on guitar tracks 4–6 (muddy build-up)".</summary>
    public string Message { get; }

    /// <summary>The tracks to apply it to; empty for the whole mix.</summary>
    public ImmutableArray<int> TrackIds { get; }
}
