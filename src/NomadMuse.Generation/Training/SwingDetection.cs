namespace NomadMuse.Generation.Training;

/// <summary>Whether the data pipeline detects eighth-note swing per track before quantising.</summary>
/// <remarks>
/// Part of the <see cref="TokenStore"/> cache key and recorded by <c>train generation</c> as
/// <c>extra.swing_detection</c> (<c>detect</c> or <c>off</c>), because a model learns the tokens one setting produces.
/// </remarks>
public enum SwingDetection
{
    /// <summary>Every track is tokenized with the store's <see cref="Tokens.TokenizerOptions.SwingRatio"/> (today's tokens).</summary>
    Off = 0,

    /// <summary>
    /// Each track's swing is detected (<see cref="TrackSwing.Detect"/>); a swung track (ratio &gt; 0.5) is tokenized
    /// with its ratio, so its swung eighths land on the straight-eighth grid position.
    /// </summary>
    Detect = 1,
}
