namespace NomadMuse.Generation.Midi;

/// <summary>A control change (status <c>0xBn</c>): sustain pedal (64), modulation (1), volume (7) and so on.</summary>
public readonly record struct MidiControlChange
{
    /// <summary>Controller number of the sustain (damper) pedal.</summary>
    public const int Sustain = 64;

    /// <summary>Controller number of the modulation wheel.</summary>
    public const int Modulation = 1;

    /// <summary>Creates a control change.</summary>
    /// <param name="tick">Absolute time in ticks.</param>
    /// <param name="channel">Channel index 0–15.</param>
    /// <param name="controller">Controller number 0–127.</param>
    /// <param name="value">Value 0–127.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public MidiControlChange(long tick, int channel, int controller, int value)
    {
        MidiRange.CheckTick(tick, nameof(tick));
        MidiRange.CheckChannel(channel, nameof(channel));
        MidiRange.CheckSevenBit(controller, nameof(controller));
        MidiRange.CheckSevenBit(value, nameof(value));
        Tick = tick;
        Channel = (byte)channel;
        Controller = (byte)controller;
        Value = (byte)value;
    }

    /// <summary>Absolute time in ticks.</summary>
    public long Tick { get; }

    /// <summary>Channel index 0–15.</summary>
    public byte Channel { get; }

    /// <summary>Controller number 0–127.</summary>
    public byte Controller { get; }

    /// <summary>Value 0–127.</summary>
    public byte Value { get; }
}
