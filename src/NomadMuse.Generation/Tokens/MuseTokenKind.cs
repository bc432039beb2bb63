namespace NomadMuse.Generation.Tokens;

/// <summary>The six token ranges of the 258-token vocabulary.</summary>
public enum MuseTokenKind
{
    /// <summary>START, END, PAD, MASK, SEP, UNK.</summary>
    Special,

    /// <summary>A note starts: MIDI key 0–127 (on the percussion channel, a General MIDI drum 35–81).</summary>
    NoteOn,

    /// <summary>The length of the note just started, one of 32 bins from a 16th note to 16 beats.</summary>
    Duration,

    /// <summary>The velocity bin (0–15) for the following notes.</summary>
    Velocity,

    /// <summary>Time advances by 1–64 sixty-fourth notes (1/16 to 4 beats).</summary>
    TimeShift,

    /// <summary>A performance marker: sustain, modulation, pitch bend, percussion channel on/off.</summary>
    Control,
}
