namespace NomadMuse.Generation.Training;

/// <summary>
/// The criteria of the MIDI quality filter (seed §4.1.1), in the order <see cref="MidiQualityFilter.Judge(MidiQualityMeasures)"/>
/// checks them; the first that fails names the verdict.
/// </summary>
public enum QualityCriterion
{
    /// <summary>Every criterion passed.</summary>
    None = 0,

    /// <summary>The file has no notes on any track ("no instruments").</summary>
    NoInstruments = 1,

    /// <summary>Fewer notes than <see cref="MidiQualityFilter.MinimumNotes"/> ("too short").</summary>
    TooFewNotes = 2,

    /// <summary>Shorter than <see cref="MidiQualityFilter.MinimumSeconds"/>.</summary>
    TooShort = 3,

    /// <summary>Longer than <see cref="MidiQualityFilter.MaximumSeconds"/>.</summary>
    TooLong = 4,

    /// <summary>The first time signature's numerator is not allowed ("unusual").</summary>
    UnusualMeter = 5,

    /// <summary>More notes sound at once than <see cref="MidiQualityFilter.MaximumConcurrentNotes"/> ("likely auto-generated or corrupt").</summary>
    TooManyConcurrentNotes = 6,
}
