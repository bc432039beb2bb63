namespace NomadMuse.Generation.Training;

/// <summary>A count of files with the note events and tokens they hold.</summary>
/// <param name="Files">Files.</param>
/// <param name="Notes">Their note events.</param>
/// <param name="Tokens">Their tokens in the token store (all tracks).</param>
public readonly record struct QualityTally(int Files, long Notes, long Tokens)
{
    /// <summary>This tally with one more file.</summary>
    public QualityTally Add(long notes, long tokens) => new(Files + 1, Notes + notes, Tokens + tokens);
}
