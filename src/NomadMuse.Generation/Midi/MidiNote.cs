namespace NomadMuse.Generation.Midi;

/// <summary>
/// A sounding note: a note-on paired with its note-off, in ticks of the file's time division.
/// </summary>
/// <remarks>The constructor validates every range once, so a <see cref="MidiNote"/> is always writable.</remarks>
public readonly record struct MidiNote
{
    /// <summary>Creates a note.</summary>
    /// <param name="startTick">Absolute start, in ticks (0 or more).</param>
    /// <param name="durationTicks">Length in ticks (0 or more; 0 is a note-on and note-off on the same tick).</param>
    /// <param name="pitch">MIDI key, 0–127 (60 is middle C; on channel 9 a General MIDI drum).</param>
    /// <param name="velocity">Note-on velocity, 1–127 (0 would be a note-off).</param>
    /// <param name="channel">Channel index 0–15 (9 is the General MIDI percussion channel, "channel 10").</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public MidiNote(long startTick, long durationTicks, int pitch, int velocity, int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startTick);
        ArgumentOutOfRangeException.ThrowIfNegative(durationTicks);
        MidiRange.CheckSevenBit(pitch, nameof(pitch));
        if (velocity is < 1 or > 127)
        {
            throw new ArgumentOutOfRangeException(nameof(velocity), velocity, "A note velocity must be 1–127.");
        }

        MidiRange.CheckChannel(channel, nameof(channel));
        StartTick = startTick;
        DurationTicks = durationTicks;
        Pitch = (byte)pitch;
        Velocity = (byte)velocity;
        Channel = (byte)channel;
    }

    /// <summary>Absolute start in ticks.</summary>
    public long StartTick { get; }

    /// <summary>Length in ticks.</summary>
    public long DurationTicks { get; }

    /// <summary>Absolute end (note-off) in ticks.</summary>
    public long EndTick => StartTick + DurationTicks;

    /// <summary>MIDI key 0–127.</summary>
    public byte Pitch { get; }

    /// <summary>Note-on velocity 1–127.</summary>
    public byte Velocity { get; }

    /// <summary>Channel index 0–15.</summary>
    public byte Channel { get; }

    /// <summary>True on channel index 9, the General MIDI percussion channel.</summary>
    public bool IsPercussion => Channel == MidiRange.PercussionChannel;
}
