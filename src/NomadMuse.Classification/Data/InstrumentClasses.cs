using NomadMuse.State;

namespace NomadMuse.Classification.Data;

/// <summary>The 20 instrument classes of seed §3.3.2 (ids 1–20, as <see cref="InstrumentClass"/>) and their track type.</summary>
public static class InstrumentClasses
{
    /// <summary>Number of classes.</summary>
    public const int Count = 20;

    private static readonly string[] Names =
    [
        "Kick Drum", "Snare Drum", "Hi-Hat/Cymbals", "Toms/Percussion", "Electric Bass", "Acoustic Bass",
        "Electric Guitar (clean)", "Electric Guitar (distorted)", "Acoustic Guitar", "Piano/Keys",
        "Electric Piano/Synth", "Strings", "Brass", "Woodwinds", "Vocals (male)", "Vocals (female)", "Synth Lead",
        "Synth Pad", "Sound Effects", "Other",
    ];

    /// <summary>The display name of a class id (1–20), as in the seed's list.</summary>
    /// <param name="classId">1–20.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classId"/> is not 1–20.</exception>
    public static string GetName(int classId) => Names[Check(classId) - 1];

    /// <summary>Whether the seed counts a class as percussive (classes 1–4 and 19); the others are tonal.</summary>
    /// <param name="classId">1–20.</param>
    /// <returns><see langword="true"/> for percussive classes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classId"/> is not 1–20.</exception>
    public static bool IsPercussive(int classId) => Check(classId) is <= 4 or 19;

    /// <summary>Whether a class is a drum-kit piece (kick, snare, hi-hat/cymbals, toms/percussion: 1–4).</summary>
    /// <param name="classId">1–20.</param>
    /// <returns><see langword="true"/> for classes 1–4.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classId"/> is not 1–20.</exception>
    public static bool IsDrum(int classId) => Check(classId) <= 4;

    /// <summary>The state enum value of a class id.</summary>
    /// <param name="classId">1–20.</param>
    /// <returns>The instrument.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classId"/> is not 1–20.</exception>
    public static InstrumentClass ToInstrument(int classId) => (InstrumentClass)Check(classId);

    private static int Check(int classId)
    {
        if (classId is < 1 or > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(classId), classId, "Class ids run from 1 to 20.");
        }

        return classId;
    }
}
