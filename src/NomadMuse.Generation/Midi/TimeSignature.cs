namespace NomadMuse.Generation.Midi;

/// <summary>A time-signature meta event (<c>FF 58 04</c>).</summary>
public readonly record struct TimeSignature
{
    /// <summary>Creates a time signature.</summary>
    /// <param name="tick">Absolute time in ticks.</param>
    /// <param name="numerator">Beats per bar, 1–255.</param>
    /// <param name="denominator">Beat unit, a power of two 1–128 (4 is a quarter note).</param>
    /// <param name="clocksPerClick">MIDI clocks per metronome click, 0–255 (24 is one quarter note).</param>
    /// <param name="thirtySecondNotesPerQuarter">Notated 32nd notes per MIDI quarter note, 0–255 (normally 8).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public TimeSignature(long tick, int numerator, int denominator, int clocksPerClick = 24, int thirtySecondNotesPerQuarter = 8)
    {
        MidiRange.CheckTick(tick, nameof(tick));
        if (numerator is < 1 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(numerator), numerator, "A time-signature numerator must be 1–255.");
        }

        if (denominator is < 1 or > 128 || (denominator & (denominator - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(denominator), denominator, "A time-signature denominator must be a power of two 1–128.");
        }

        if (clocksPerClick is < 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(clocksPerClick), clocksPerClick, "Clocks per click must be 0–255.");
        }

        if (thirtySecondNotesPerQuarter is < 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(thirtySecondNotesPerQuarter), thirtySecondNotesPerQuarter, "32nd notes per quarter must be 0–255.");
        }

        Tick = tick;
        Numerator = (byte)numerator;
        Denominator = (byte)denominator;
        ClocksPerClick = (byte)clocksPerClick;
        ThirtySecondNotesPerQuarter = (byte)thirtySecondNotesPerQuarter;
    }

    /// <summary>Absolute time in ticks.</summary>
    public long Tick { get; }

    /// <summary>Beats per bar.</summary>
    public byte Numerator { get; }

    /// <summary>Beat unit (4 = quarter note, 8 = eighth note).</summary>
    public byte Denominator { get; }

    /// <summary>MIDI clocks per metronome click.</summary>
    public byte ClocksPerClick { get; }

    /// <summary>Notated 32nd notes per MIDI quarter note.</summary>
    public byte ThirtySecondNotesPerQuarter { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Numerator}/{Denominator} @ {Tick}";
}
