namespace NomadMuse.State;

/// <summary>The 20 instrument classes of seed §3.3.1, numbered 1–20 as in the seed.</summary>
/// <remarks>
/// The numeric values are part of the public contract: they appear in evaluation files (<c>labels.csv</c>
/// <c>class_id</c>) and in model metadata. Use <see cref="InstrumentClassInfo"/> for names and the percussive flag.
/// </remarks>
public enum InstrumentClass
{
    /// <summary>Kick drum / bass drum.</summary>
    KickDrum = 1,
    /// <summary>Snare drum, rim shots and cross-sticks.</summary>
    SnareDrum = 2,
    /// <summary>Hi-hats, rides, crashes and other cymbals.</summary>
    HiHatCymbals = 3,
    /// <summary>Toms and hand/auxiliary percussion.</summary>
    TomsPercussion = 4,
    /// <summary>Electric bass guitar (and synth bass).</summary>
    ElectricBass = 5,
    /// <summary>Acoustic (upright/contra) bass.</summary>
    AcousticBass = 6,
    /// <summary>Clean electric guitar.</summary>
    ElectricGuitarClean = 7,
    /// <summary>Overdriven or distorted electric guitar.</summary>
    ElectricGuitarDistorted = 8,
    /// <summary>Acoustic guitar (steel or nylon).</summary>
    AcousticGuitar = 9,
    /// <summary>Acoustic piano and other keyboard instruments.</summary>
    PianoKeys = 10,
    /// <summary>Electric piano and keyboard synthesizers.</summary>
    ElectricPianoSynth = 11,
    /// <summary>Bowed and plucked orchestral strings.</summary>
    Strings = 12,
    /// <summary>Brass.</summary>
    Brass = 13,
    /// <summary>Woodwinds.</summary>
    Woodwinds = 14,
    /// <summary>Male voice.</summary>
    VocalsMale = 15,
    /// <summary>Female voice.</summary>
    VocalsFemale = 16,
    /// <summary>Synth lead.</summary>
    SynthLead = 17,
    /// <summary>Synth pad.</summary>
    SynthPad = 18,
    /// <summary>Sound effects.</summary>
    SoundEffects = 19,
    /// <summary>Anything else (mallets, ethnic instruments…).</summary>
    Other = 20,
}
