namespace NomadMuse.Classification.Features;

/// <summary>How each triangular mel filter is scaled.</summary>
public enum MelNormalization
{
    /// <summary>Peak 1 for every filter.</summary>
    None = 0,

    /// <summary>
    /// Slaney area normalisation (librosa <c>norm='slaney'</c>): each triangle is divided by half its bandwidth in Hz,
    /// <c>2 / (f[m+2] − f[m])</c>, so every filter has (approximately) constant energy per Hz.
    /// </summary>
    Slaney = 1,
}
