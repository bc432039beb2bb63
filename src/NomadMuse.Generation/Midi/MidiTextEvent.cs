namespace NomadMuse.Generation.Midi;

/// <summary>A text-like meta event other than the track name (text, copyright, lyric, marker, cue point…).</summary>
public readonly record struct MidiTextEvent
{
    /// <summary>Creates a text event.</summary>
    /// <param name="tick">Absolute time in ticks.</param>
    /// <param name="metaType">Meta type 0x01, 0x02 or 0x04–0x07 (0x03, the track name, is <see cref="MidiTrack.Name"/>).</param>
    /// <param name="text">The text (written as UTF-8).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metaType"/> is not a text meta type.</exception>
    public MidiTextEvent(long tick, int metaType, string text)
    {
        MidiRange.CheckTick(tick, nameof(tick));
        if (metaType is not (0x01 or 0x02 or (>= 0x04 and <= 0x07)))
        {
            throw new ArgumentOutOfRangeException(nameof(metaType), metaType, "A text meta type must be 0x01, 0x02 or 0x04–0x07.");
        }

        ArgumentNullException.ThrowIfNull(text);
        Tick = tick;
        MetaType = (byte)metaType;
        Text = text;
    }

    /// <summary>Absolute time in ticks.</summary>
    public long Tick { get; }

    /// <summary>Meta type: 0x01 text, 0x02 copyright, 0x04 instrument name, 0x05 lyric, 0x06 marker, 0x07 cue point.</summary>
    public byte MetaType { get; }

    /// <summary>The text.</summary>
    public string Text { get; }
}
