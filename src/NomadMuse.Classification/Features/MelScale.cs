namespace NomadMuse.Classification.Features;

/// <summary>Which Hz ↔ mel mapping a filter bank uses.</summary>
public enum MelScale
{
    /// <summary>
    /// Slaney's Auditory Toolbox scale (librosa's default, <c>htk=False</c>): linear below 1 kHz at 200/3 Hz per mel
    /// (so 1 kHz = 15 mel), logarithmic above with a step of <c>ln(6.4) / 27</c> per mel.
    /// </summary>
    Slaney = 0,

    /// <summary>The HTK formula <c>mel = 2595 · log10(1 + f / 700)</c>.</summary>
    Htk = 1,
}
