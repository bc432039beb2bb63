namespace NomadMuse.Generation.Runtime.Modes;

/// <summary>What a session generates: pitched material in a key, drum hits, or whatever the track is.</summary>
public enum GenerationMode
{
    /// <summary>
    /// Follow the track type the unified state holds for the session's track (the classifier writes it), switching
    /// when it changes; while it is unknown, continue in whatever the music so far was (drums or pitched).
    /// </summary>
    Auto = 0,

    /// <summary>Pitched notes constrained to the key (strictly or with a penalty, see <see cref="KeyConstraint"/>).</summary>
    Tonal = 1,

    /// <summary>Only General MIDI drum keys 35–81; no key, no sustain, modulation or bend.</summary>
    Percussive = 2,
}
