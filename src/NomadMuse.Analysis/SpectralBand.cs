namespace NomadMuse.Analysis;

/// <summary>The seven bands of the tonal-balance analysis (edges in <see cref="SpectralBands"/>).</summary>
public enum SpectralBand
{
    /// <summary>Sub-bass, 20–60 Hz.</summary>
    SubBass = 0,

    /// <summary>Bass, 60–250 Hz.</summary>
    Bass = 1,

    /// <summary>Low mids, 250–500 Hz.</summary>
    LowMid = 2,

    /// <summary>Mids, 500 Hz–2 kHz.</summary>
    Mid = 3,

    /// <summary>High mids, 2–6 kHz.</summary>
    HighMid = 4,

    /// <summary>Presence, 6–12 kHz.</summary>
    Presence = 5,

    /// <summary>Air, 12–20 kHz.</summary>
    Air = 6,
}
