using System.Collections.Frozen;

namespace NomadMuse.Generation.Tokens;

/// <summary>
/// Maps drum-kit note numbers onto the General MIDI percussion keys 35–81 that drum NOTE_ON tokens use.
/// </summary>
/// <remarks>
/// <see cref="RolandTd11"/> is the default table: the Groove MIDI Dataset was recorded on a Roland TD-11 whose
/// hi-hat edge zones (22, 26) are not GM keys and whose tom-3 rim (58) is GM "Vibraslap". Thread-safe.
/// </remarks>
public static class GeneralMidiDrumMap
{
    /// <summary>Lowest General MIDI percussion key (Acoustic Bass Drum).</summary>
    public const int FirstKey = 35;

    /// <summary>Highest General MIDI percussion key (Open Triangle).</summary>
    public const int LastKey = 81;

    /// <summary>
    /// Roland TD-11 to General MIDI: 22 (hi-hat closed, edge) → 42 Closed Hi-Hat, 26 (hi-hat open, edge) →
    /// 46 Open Hi-Hat, 58 (tom 3 rim) → 43 High Floor Tom. Other TD-11 keys are already GM keys and pass through.
    /// </summary>
    public static IReadOnlyDictionary<int, int> RolandTd11 { get; } =
        new Dictionary<int, int> { [22] = 42, [26] = 46, [58] = 43 }.ToFrozenDictionary();

    /// <summary>An empty table: keys pass through unchanged (keys outside 35–81 are then dropped).</summary>
    public static IReadOnlyDictionary<int, int> Identity { get; } = FrozenDictionary<int, int>.Empty;

    /// <summary>Maps a kit key through <paramref name="table"/> and checks the result is a GM percussion key.</summary>
    /// <param name="key">The drum note number from the file.</param>
    /// <param name="table">Kit-specific replacements.</param>
    /// <returns>A key 35–81, or −1 when the key has no General MIDI equivalent (the note is dropped).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="table"/> is null.</exception>
    public static int Map(int key, IReadOnlyDictionary<int, int> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int mapped = table.TryGetValue(key, out int to) ? to : key;
        return mapped is >= FirstKey and <= LastKey ? mapped : -1;
    }
}
