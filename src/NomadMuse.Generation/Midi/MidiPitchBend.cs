namespace NomadMuse.Generation.Midi;

/// <summary>A pitch-bend change, status <c>0xEn</c>, as a signed value around the centre.</summary>
public readonly record struct MidiPitchBend
{
    /// <summary>Smallest bend value (full down).</summary>
    public const int Minimum = -8192;

    /// <summary>Largest bend value (full up).</summary>
    public const int Maximum = 8191;

    /// <summary>Creates a pitch bend.</summary>
    /// <param name="tick">Absolute time in ticks.</param>
    /// <param name="channel">Channel index 0–15.</param>
    /// <param name="value">Bend −8192..8191, 0 is no bend (the 14-bit wire value minus 8192).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public MidiPitchBend(long tick, int channel, int value)
    {
        MidiRange.CheckTick(tick, nameof(tick));
        MidiRange.CheckChannel(channel, nameof(channel));
        if (value is < Minimum or > Maximum)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A pitch bend must be −8192..8191.");
        }

        Tick = tick;
        Channel = (byte)channel;
        Value = (short)value;
    }

    /// <summary>Absolute time in ticks.</summary>
    public long Tick { get; }

    /// <summary>Channel index 0–15.</summary>
    public byte Channel { get; }

    /// <summary>Bend −8192..8191.</summary>
    public short Value { get; }
}
