namespace NomadMuse.State;

/// <summary>Key, tempo and time signature: what the generator follows.</summary>
/// <remarks>Immutable; change it with <c>with</c> (validated) or through <see cref="UnifiedState"/>.</remarks>
public sealed record MusicalContext
{
    /// <summary>The lowest accepted tempo in BPM.</summary>
    public const double MinTempoBpm = 1;

    /// <summary>The highest accepted tempo in BPM.</summary>
    public const double MaxTempoBpm = 1000;

    /// <summary>Creates a musical context.</summary>
    /// <param name="key">The key.</param>
    /// <param name="tempoBpm">Quarter-note beats per minute, 1–1000.</param>
    /// <param name="timeSignature">The time signature.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tempoBpm"/> is out of range.</exception>
    public MusicalContext(MusicalKey key, double tempoBpm, TimeSignature timeSignature)
    {
        Key = key;
        TempoBpm = tempoBpm;
        TimeSignature = timeSignature;
    }

    /// <summary>C major, 120 BPM, 4/4.</summary>
    public static MusicalContext Default { get; } = new(default, 120, TimeSignature.CommonTime);

    /// <summary>The key.</summary>
    public MusicalKey Key { get; init; }

    /// <summary>Quarter-note beats per minute, <see cref="MinTempoBpm"/>–<see cref="MaxTempoBpm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value out of range (or NaN).</exception>
    public double TempoBpm
    {
        get;
        init => field = value is >= MinTempoBpm and <= MaxTempoBpm
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TempoBpm), value, $"The tempo runs from {MinTempoBpm} to {MaxTempoBpm} BPM.");
    }

    /// <summary>The time signature.</summary>
    public TimeSignature TimeSignature { get; init; }
}
