namespace NomadMuse.Generation.Runtime.Modes;

/// <summary>Where a tonal session takes its key from when the options fix none.</summary>
public enum KeySource
{
    /// <summary>
    /// Detect it from the music so far (key profiles over a sliding window), write it to the unified state, and
    /// follow modulations; before there is enough music, use the state's key.
    /// </summary>
    Detect = 0,

    /// <summary>Read it from the unified state before every note (the host or another module sets it).</summary>
    State = 1,
}
