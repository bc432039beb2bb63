using System.Collections.Immutable;

namespace NomadMuse.State;

/// <summary>The analyzer's view of the mix: band energies, the genre it compares against, and active suggestions.</summary>
/// <remarks>Immutable; the analyzer replaces it every 1–2 s through <see cref="UnifiedState.PublishMix"/>.</remarks>
public sealed record MixContext
{
    /// <summary>Creates a mix context.</summary>
    /// <param name="bands">Band energies in dB.</param>
    /// <param name="genre">The target genre's name (e.g. "rock"), or <see langword="null"/> when none is chosen.</param>
    /// <param name="suggestions">The active suggestions, most important first; default for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="bands"/> is <see langword="null"/>.</exception>
    public MixContext(BandEnergies bands, string? genre = null, ImmutableArray<MixSuggestion> suggestions = default)
    {
        Bands = bands;
        Genre = genre;
        Suggestions = suggestions;
    }

    /// <summary>Nothing measured, no genre, no suggestions.</summary>
    public static MixContext Empty { get; } = new(BandEnergies.Silent);

    /// <summary>Band energies in dB.</summary>
    /// <exception cref="ArgumentNullException">Set to <see langword="null"/>.</exception>
    public BandEnergies Bands { get; init => field = value ?? throw new ArgumentNullException(nameof(Bands)); }

    /// <summary>The target genre's name, or <see langword="null"/>.</summary>
    public string? Genre { get; init; }

    /// <summary>The active suggestions, most important first.</summary>
    /// <remarks>A default (uninitialised) array is stored as empty.</remarks>
    public ImmutableArray<MixSuggestion> Suggestions { get; init => field = value.IsDefault ? [] : value; }
}
