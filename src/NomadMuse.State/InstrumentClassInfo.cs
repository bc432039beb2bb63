namespace NomadMuse.State;

/// <summary>Names and track types of the 20 <see cref="InstrumentClass"/> values.</summary>
public static class InstrumentClassInfo
{
    /// <summary>The number of instrument classes (20).</summary>
    public const int Count = 20;

    private static readonly string[] DisplayNames =
    [
        "Kick Drum", "Snare Drum", "Hi-Hat/Cymbals", "Toms/Percussion", "Electric Bass", "Acoustic Bass",
        "Electric Guitar (Clean)", "Electric Guitar (Distorted)", "Acoustic Guitar", "Piano/Keys",
        "Electric Piano/Synth", "Strings", "Brass", "Woodwinds", "Vocals (Male)", "Vocals (Female)",
        "Synth Lead", "Synth Pad", "Sound Effects", "Other",
    ];

    /// <summary>Whether <paramref name="instrument"/> is one of the four drum classes (1–4).</summary>
    public static bool IsPercussive(InstrumentClass instrument) => instrument is >= InstrumentClass.KickDrum and <= InstrumentClass.TomsPercussion;

    /// <summary>The track type a confident classification of <paramref name="instrument"/> implies.</summary>
    public static TrackType TrackTypeOf(InstrumentClass instrument) => IsPercussive(instrument) ? TrackType.Percussive : TrackType.Tonal;

    /// <summary>A human-readable name, e.g. "Electric Guitar (Clean)".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="instrument"/> is not one of the 20 classes.</exception>
    public static string DisplayName(InstrumentClass instrument)
    {
        int id = (int)instrument;
        if (id is < 1 or > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(instrument), instrument, "Instrument class ids run from 1 to 20.");
        }

        return DisplayNames[id - 1];
    }
}
