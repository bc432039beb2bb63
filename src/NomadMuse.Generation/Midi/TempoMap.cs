namespace NomadMuse.Generation.Midi;

/// <summary>
/// The tempo changes of a file and the conversion between ticks and seconds across them.
/// </summary>
/// <remarks>
/// Before the first tempo event the tempo is 120 BPM (500,000 µs per quarter note), as the SMF specification says.
/// When several changes share a tick the last one governs the time after it; all are kept in <see cref="Changes"/>
/// so a file writes back unchanged. Immutable and therefore thread-safe; conversions do not allocate.
/// </remarks>
public sealed class TempoMap
{
    private readonly long[] _segmentTick;
    private readonly double[] _segmentSeconds;
    private readonly int[] _segmentTempo;

    /// <summary>Creates a tempo map.</summary>
    /// <param name="ticksPerQuarterNote">The file's time division, 1–32,767 ticks per quarter note.</param>
    /// <param name="changes">Tempo changes; sorted by tick here (stable, so same-tick order is kept).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ticksPerQuarterNote"/> is out of range.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="changes"/> is null.</exception>
    public TempoMap(int ticksPerQuarterNote, IEnumerable<TempoChange> changes)
    {
        MidiFile.CheckTicksPerQuarterNote(ticksPerQuarterNote, nameof(ticksPerQuarterNote));
        ArgumentNullException.ThrowIfNull(changes);
        TicksPerQuarterNote = ticksPerQuarterNote;
        TempoChange[] sorted = [.. changes.OrderBy(c => c.Tick)];
        Changes = sorted;

        var ticks = new List<long> { 0 };
        var tempos = new List<int> { TempoChange.DefaultMicrosecondsPerQuarterNote };
        foreach (TempoChange c in sorted)
        {
            if (c.Tick == ticks[^1])
            {
                tempos[^1] = c.MicrosecondsPerQuarterNote;
            }
            else
            {
                ticks.Add(c.Tick);
                tempos.Add(c.MicrosecondsPerQuarterNote);
            }
        }

        _segmentTick = [.. ticks];
        _segmentTempo = [.. tempos];
        _segmentSeconds = new double[_segmentTick.Length];
        for (int i = 1; i < _segmentTick.Length; i++)
        {
            _segmentSeconds[i] = _segmentSeconds[i - 1] + SecondsFor(_segmentTick[i] - _segmentTick[i - 1], _segmentTempo[i - 1]);
        }
    }

    /// <summary>Ticks per quarter note the map converts with.</summary>
    public int TicksPerQuarterNote { get; }

    /// <summary>The tempo changes, sorted by tick.</summary>
    public IReadOnlyList<TempoChange> Changes { get; }

    /// <summary>Converts an absolute tick to seconds from the start of the file.</summary>
    /// <param name="tick">Absolute tick, 0 or more.</param>
    /// <returns>Seconds.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tick"/> is negative.</exception>
    public double TicksToSeconds(long tick)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tick);
        int i = Array.BinarySearch(_segmentTick, tick);
        if (i < 0)
        {
            i = ~i - 1;
        }

        return _segmentSeconds[i] + SecondsFor(tick - _segmentTick[i], _segmentTempo[i]);
    }

    /// <summary>Converts seconds from the start of the file to the nearest absolute tick.</summary>
    /// <param name="seconds">Seconds, 0 or more and finite.</param>
    /// <returns>The nearest tick.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not finite.</exception>
    public long SecondsToTicks(double seconds)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "Seconds must be finite and not negative.");
        }

        int i = Array.BinarySearch(_segmentSeconds, seconds);
        if (i < 0)
        {
            i = ~i - 1;
        }

        // Equal segment start times (none here, segments have distinct ticks) cannot occur, so i is the segment.
        double ticks = (seconds - _segmentSeconds[i]) * 1e6 * TicksPerQuarterNote / _segmentTempo[i];
        return _segmentTick[i] + (long)Math.Round(ticks, MidpointRounding.AwayFromZero);
    }

    /// <summary>The tempo in force at a tick, in microseconds per quarter note.</summary>
    /// <param name="tick">Absolute tick, 0 or more.</param>
    /// <returns>Microseconds per quarter note.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tick"/> is negative.</exception>
    public int MicrosecondsPerQuarterNoteAt(long tick)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tick);
        int i = Array.BinarySearch(_segmentTick, tick);
        return _segmentTempo[i < 0 ? ~i - 1 : i];
    }

    private double SecondsFor(long ticks, int microsecondsPerQuarter) =>
        ticks * (double)microsecondsPerQuarter / (1e6 * TicksPerQuarterNote);
}
