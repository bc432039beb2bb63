namespace NomadMuse.Analysis.Scoring;

/// <summary>
/// The candidate fixes the <see cref="MixScorer"/> ranks: each undoes one kind of damage (a band pushed up or down,
/// a flipped polarity, a stereo image made too wide or too narrow, heavy compression), plus <see cref="None"/>.
/// </summary>
/// <remarks>Values are the scorer's output indices; <see cref="MixFixes.Count"/> is their number.</remarks>
public enum MixFix
{
    /// <summary>Nothing to undo.</summary>
    None = 0,

    /// <summary>Cut the sub-bass (20–60 Hz).</summary>
    CutSubBass = 1,

    /// <summary>Cut the bass (60–250 Hz).</summary>
    CutBass = 2,

    /// <summary>Cut the low mids (250–500 Hz).</summary>
    CutLowMid = 3,

    /// <summary>Cut the mids (500 Hz–2 kHz).</summary>
    CutMid = 4,

    /// <summary>Cut the high mids (2–6 kHz).</summary>
    CutHighMid = 5,

    /// <summary>Cut the presence band (6–12 kHz).</summary>
    CutPresence = 6,

    /// <summary>Cut the air band (12–20 kHz).</summary>
    CutAir = 7,

    /// <summary>Boost the sub-bass (20–60 Hz).</summary>
    BoostSubBass = 8,

    /// <summary>Boost the bass (60–250 Hz).</summary>
    BoostBass = 9,

    /// <summary>Boost the low mids (250–500 Hz).</summary>
    BoostLowMid = 10,

    /// <summary>Boost the mids (500 Hz–2 kHz).</summary>
    BoostMid = 11,

    /// <summary>Boost the high mids (2–6 kHz).</summary>
    BoostHighMid = 12,

    /// <summary>Boost the presence band (6–12 kHz).</summary>
    BoostPresence = 13,

    /// <summary>Boost the air band (12–20 kHz).</summary>
    BoostAir = 14,

    /// <summary>Invert the polarity of one channel (the channels cancel).</summary>
    InvertPolarity = 15,

    /// <summary>Narrow the stereo image (too much side signal).</summary>
    Narrow = 16,

    /// <summary>Widen the stereo image (too little side signal).</summary>
    Widen = 17,

    /// <summary>Ease off compression or limiting (dynamics squashed).</summary>
    EaseCompression = 18,
}
