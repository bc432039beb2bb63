namespace NomadMuse.State;

/// <summary>What a <see cref="MixSuggestion"/> proposes to do.</summary>
public enum MixAction
{
    /// <summary>Cut the band with a bell or shelf EQ by <see cref="MixSuggestion.AmountDb"/>.</summary>
    Cut = 0,

    /// <summary>Boost the band with a bell or shelf EQ by <see cref="MixSuggestion.AmountDb"/>.</summary>
    Boost = 1,

    /// <summary>High-pass (low-cut) filter at <see cref="MixSuggestion.FreqLowHz"/>.</summary>
    HighPass = 2,

    /// <summary>Low-pass (high-cut) filter at <see cref="MixSuggestion.FreqHighHz"/>.</summary>
    LowPass = 3,

    /// <summary>Change the overall or track level by <see cref="MixSuggestion.AmountDb"/> (negative = lower).</summary>
    Gain = 4,

    /// <summary>Reduce dynamic range (compression or limiting).</summary>
    Compress = 5,

    /// <summary>Widen the stereo image.</summary>
    Widen = 6,

    /// <summary>Narrow the stereo image (e.g. for mono compatibility).</summary>
    Narrow = 7,
}
