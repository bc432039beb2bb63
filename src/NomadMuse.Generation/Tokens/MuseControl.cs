namespace NomadMuse.Generation.Tokens;

/// <summary>The 12 CONTROL tokens, in id order from <see cref="MuseVocabulary.ControlFirst"/>.</summary>
/// <remarks>Each is emitted only when its level changes; see <c>docs/tokens.md</c> for the value thresholds.</remarks>
public enum MuseControl
{
    /// <summary>Sustain pedal down (CC64 ≥ 64).</summary>
    SustainOn = 0,

    /// <summary>Sustain pedal up (CC64 &lt; 64).</summary>
    SustainOff = 1,

    /// <summary>Modulation wheel off (CC1 0–21); decodes to 0.</summary>
    ModulationOff = 2,

    /// <summary>Modulation wheel half (CC1 22–105); decodes to 64.</summary>
    ModulationHalf = 3,

    /// <summary>Modulation wheel full (CC1 106–127); decodes to 127.</summary>
    ModulationFull = 4,

    /// <summary>Pitch bend full down (≤ −6144); decodes to −8192.</summary>
    BendDownFull = 5,

    /// <summary>Pitch bend half down (−6143..−2049); decodes to −4096.</summary>
    BendDownHalf = 6,

    /// <summary>Pitch bend centred (−2048..2047); decodes to 0.</summary>
    BendCenter = 7,

    /// <summary>Pitch bend half up (2048..6143); decodes to 4096.</summary>
    BendUpHalf = 8,

    /// <summary>Pitch bend full up (≥ 6144); decodes to 8191.</summary>
    BendUpFull = 9,

    /// <summary>Following notes are drums on General MIDI channel 10 (until <see cref="PercussionOff"/>).</summary>
    PercussionOn = 10,

    /// <summary>Following notes are pitched again.</summary>
    PercussionOff = 11,
}
