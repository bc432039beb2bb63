namespace NomadMuse.Generation.Midi;

/// <summary>A set-tempo meta event (<c>FF 51 03</c>): microseconds per quarter note from <see cref="Tick"/> on.</summary>
public readonly record struct TempoChange
{
    /// <summary>The tempo a file has before its first tempo event: 500,000 µs per quarter note (120 BPM).</summary>
    public const int DefaultMicrosecondsPerQuarterNote = 500_000;

    /// <summary>Creates a tempo change.</summary>
    /// <param name="tick">Absolute time in ticks.</param>
    /// <param name="microsecondsPerQuarterNote">1..16,777,215 (the 24-bit field of the event).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public TempoChange(long tick, int microsecondsPerQuarterNote)
    {
        MidiRange.CheckTick(tick, nameof(tick));
        if (microsecondsPerQuarterNote is < 1 or > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(microsecondsPerQuarterNote), microsecondsPerQuarterNote, "A tempo must be 1..16,777,215 µs per quarter note.");
        }

        Tick = tick;
        MicrosecondsPerQuarterNote = microsecondsPerQuarterNote;
    }

    /// <summary>Absolute time in ticks.</summary>
    public long Tick { get; }

    /// <summary>Microseconds per quarter note.</summary>
    public int MicrosecondsPerQuarterNote { get; }

    /// <summary>The same tempo in quarter notes per minute.</summary>
    public double BeatsPerMinute => 60_000_000.0 / MicrosecondsPerQuarterNote;

    /// <summary>Creates a tempo change from beats (quarter notes) per minute, rounded to whole microseconds.</summary>
    /// <param name="tick">Absolute time in ticks.</param>
    /// <param name="beatsPerMinute">Tempo, more than 3.58 and at most 60,000,000.</param>
    /// <returns>The tempo change.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The tempo does not fit the 24-bit field.</exception>
    public static TempoChange FromBeatsPerMinute(long tick, double beatsPerMinute)
    {
        if (!(beatsPerMinute > 0) || double.IsInfinity(beatsPerMinute))
        {
            throw new ArgumentOutOfRangeException(nameof(beatsPerMinute), beatsPerMinute, "A tempo must be a positive, finite number of beats per minute.");
        }

        double us = Math.Round(60_000_000.0 / beatsPerMinute);
        if (us is < 1 or > 0xFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(beatsPerMinute), beatsPerMinute, "This tempo does not fit the 24-bit microseconds-per-quarter field.");
        }

        return new TempoChange(tick, (int)us);
    }
}
