namespace NomadMuse.State;

/// <summary>The seven spectral bands of the mix analysis; edges in <see cref="BandInfo"/>.</summary>
public enum Band
{
    /// <summary>20–60 Hz.</summary>
    SubBass = 0,

    /// <summary>60–250 Hz.</summary>
    Bass = 1,

    /// <summary>250–500 Hz.</summary>
    LowMid = 2,

    /// <summary>500 Hz–2 kHz.</summary>
    Mid = 3,

    /// <summary>2–6 kHz.</summary>
    HighMid = 4,

    /// <summary>6–12 kHz.</summary>
    Presence = 5,

    /// <summary>12–20 kHz.</summary>
    Air = 6,
}
