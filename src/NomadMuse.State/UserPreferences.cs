namespace NomadMuse.State;

/// <summary>The user's settings that the modules read: suggestion tolerance, generation temperature and consent.</summary>
/// <remarks>Immutable; change it with <c>with</c> (validated) or <see cref="UnifiedState.SetPreferences"/>.</remarks>
public sealed record UserPreferences
{
    /// <summary>The defaults: tolerance 3 dB (seed §3.4), temperature 1.0, local learning on, nothing shared.</summary>
    public static UserPreferences Default { get; } = new();

    /// <summary>How far (dB) a band may stray from the genre target before the analyzer suggests a change, 0–24.</summary>
    /// <value>The default is 3 dB.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set outside 0–24 or NaN.</exception>
    public float SuggestionToleranceDb
    {
        get;
        init => field = value is >= 0f and <= 24f ? value : throw new ArgumentOutOfRangeException(nameof(SuggestionToleranceDb), value, "The tolerance runs from 0 to 24 dB.");
    } = 3f;

    /// <summary>The base sampling temperature of the generator, 0.05–5.</summary>
    /// <value>The default is 1.0.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set outside 0.05–5 or NaN.</exception>
    public float GenerationTemperature
    {
        get;
        init => field = value is >= 0.05f and <= 5f ? value : throw new ArgumentOutOfRangeException(nameof(GenerationTemperature), value, "The temperature runs from 0.05 to 5.");
    } = 1f;

    /// <summary>Whether sessions may be logged on this device and used to train the personal adapter.</summary>
    /// <value>The default is <see langword="true"/> (the data never leaves the device unless <see cref="Sharing"/> allows it).</value>
    public bool LocalLearning { get; init; } = true;

    /// <summary>What may leave the device.</summary>
    /// <value>The default is <see cref="SharingConsent.LocalOnly"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">Set to an undefined value.</exception>
    public SharingConsent Sharing
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Sharing), value, "Unknown consent level.");
    }
}
