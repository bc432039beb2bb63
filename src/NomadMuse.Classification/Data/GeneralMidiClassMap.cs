namespace NomadMuse.Classification.Data;

/// <summary>
/// General MIDI program and percussion key → instrument class, from <c>shared/data/audio/gm_class_map.csv</c>
/// (documented in docs/classification.md). Choir Aahs / Voice Oohs (52, 53) are split by register as the map's note
/// suggests: up to E4 (MIDI 64) male vocals (15), above female vocals (16).
/// </summary>
public static class GeneralMidiClassMap
{
    private static readonly byte[] Programs =
    [
        10, 10, 10, 10, 11, 11, 10, 11, 10, 20, 20, 20, 20, 20, 20, 20, 10, 10, 10, 10, 10, 20, 20, 20, 9, 9, 7, 7, 7, 8, 8, 7,
        6, 5, 5, 5, 5, 5, 5, 5, 12, 12, 12, 12, 12, 12, 12, 4, 12, 12, 18, 18, 16, 16, 18, 20, 13, 13, 13, 13, 13, 13, 17, 17,
        14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 17, 17, 17, 17, 17, 17, 17, 17, 18, 18, 18, 18, 18, 18, 18, 18,
        18, 18, 18, 18, 18, 18, 18, 18, 20, 9, 20, 20, 20, 14, 12, 14, 20, 4, 20, 4, 4, 4, 4, 3, 19, 19, 19, 19, 19, 19, 19, 19,
    ];

    // Keys 27..87.
    private static readonly byte[] DrumKeys =
    [
        4, 4, 19, 19, 4, 19, 19, 19, 1, 1, 2, 2, 2, 2, 4, 3, 4, 3, 4, 3, 4, 4, 3, 4, 3, 3, 3, 4, 3, 4, 3, 4, 3, 4, 4, 4, 4, 4,
        4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    ];

    /// <summary>First mapped percussion key.</summary>
    public const int FirstDrumKey = 27;

    /// <summary>Last mapped percussion key.</summary>
    public const int LastDrumKey = 87;

    /// <summary>The class of a melodic program played at a pitch.</summary>
    /// <param name="program">GM program 0–127.</param>
    /// <param name="pitch">MIDI note (only the choir programs depend on it).</param>
    /// <returns>Class id 1–20.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="program"/> is not 0–127.</exception>
    public static int ForProgram(int program, int pitch = 60)
    {
        if (program is < 0 or > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(program), program, "GM programs run from 0 to 127.");
        }

        return program is 52 or 53 ? (pitch <= 64 ? 15 : 16) : Programs[program];
    }

    /// <summary>The class of a percussion-channel key, or 0 when the key is not mapped.</summary>
    /// <param name="key">MIDI key.</param>
    /// <returns>Class id 1–20, or 0.</returns>
    public static int ForDrumKey(int key) => key is >= FirstDrumKey and <= LastDrumKey ? DrumKeys[key - FirstDrumKey] : 0;
}
