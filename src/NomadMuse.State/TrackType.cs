namespace NomadMuse.State;

/// <summary>Whether a track carries pitched (tonal) or unpitched (percussive) material.</summary>
/// <remarks>The classifier writes it; the generator reads it to pick its tonal or percussive mode (seed §3.1).</remarks>
public enum TrackType
{
    /// <summary>Not known yet: the classifier has not decided, or was not confident enough.</summary>
    Unknown = 0,

    /// <summary>Pitched material (piano, guitar, bass, strings, voice…): the generator follows the key.</summary>
    Tonal = 1,

    /// <summary>Drums and unpitched percussion: the generator uses the drum-hit vocabulary.</summary>
    Percussive = 2,
}
