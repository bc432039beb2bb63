namespace NomadMuse.Generation.Training;

/// <summary>Which part of a corpus a file belongs to (fixed per file by <see cref="MidiCorpus.SplitOf"/>).</summary>
public enum DatasetSplit
{
    /// <summary>Training data (90 %).</summary>
    Train = 0,

    /// <summary>Validation data (5 %).</summary>
    Valid = 1,

    /// <summary>Held-out test data (5 %).</summary>
    Test = 2,
}
