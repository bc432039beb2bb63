namespace NomadMuse.Generation.Midi;

/// <summary>A program (instrument) change, status <c>0xCn</c>.</summary>
public readonly record struct MidiProgramChange
{
    /// <summary>Creates a program change.</summary>
    /// <param name="tick">Absolute time in ticks.</param>
    /// <param name="channel">Channel index 0–15.</param>
    /// <param name="program">General MIDI program 0–127 (0 is Acoustic Grand Piano).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public MidiProgramChange(long tick, int channel, int program)
    {
        MidiRange.CheckTick(tick, nameof(tick));
        MidiRange.CheckChannel(channel, nameof(channel));
        MidiRange.CheckSevenBit(program, nameof(program));
        Tick = tick;
        Channel = (byte)channel;
        Program = (byte)program;
    }

    /// <summary>Absolute time in ticks.</summary>
    public long Tick { get; }

    /// <summary>Channel index 0–15.</summary>
    public byte Channel { get; }

    /// <summary>Program number 0–127.</summary>
    public byte Program { get; }
}
