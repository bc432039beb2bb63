namespace NomadMuse.Generation.Training;

/// <summary>How <see cref="ContinuationChecker"/> cuts prompts and draws continuations; every setter validates.</summary>
public sealed record ContinuationCheckOptions
{
    /// <summary>Prompt length in beats, from the bar line at or before the file's first note, 1–256.</summary>
    /// <value>The default is 16 (four bars of 4/4).</value>
    public double PromptBeats
    {
        get;
        init => field = value is >= 1 and <= 256 ? value : throw new ArgumentOutOfRangeException(nameof(PromptBeats), value, "The prompt must be 1–256 beats.");
    } = 16;

    /// <summary>Continuation length in beats, 1–256.</summary>
    /// <value>The default is 16.</value>
    public double ContinuationBeats
    {
        get;
        init => field = value is >= 1 and <= 256 ? value : throw new ArgumentOutOfRangeException(nameof(ContinuationBeats), value, "The continuation must be 1–256 beats.");
    } = 16;

    /// <summary>Beats per bar, for finding the bar line the prompt starts on, 1–16 (the token store keeps no time signature).</summary>
    /// <value>The default is 4.</value>
    public int BeatsPerBar
    {
        get;
        init => field = value is >= 1 and <= 16 ? value : throw new ArgumentOutOfRangeException(nameof(BeatsPerBar), value, "A bar has 1–16 beats.");
    } = 4;

    /// <summary>At most this many files per group (corpus) are continued, drawn in a seeded order, 1–1,000,000.</summary>
    /// <value>The default is 40.</value>
    public int FilesPerGroup
    {
        get;
        init => field = value is >= 1 and <= 1_000_000 ? value : throw new ArgumentOutOfRangeException(nameof(FilesPerGroup), value, "Must be 1–1,000,000 files.");
    } = 40;

    /// <summary>A track is continued only when its prompt has at least this many notes, 1–1,000.</summary>
    /// <value>The default is 4.</value>
    public int MinPromptNotes
    {
        get;
        init => field = value is >= 1 and <= 1000 ? value : throw new ArgumentOutOfRangeException(nameof(MinPromptNotes), value, "Must be 1–1,000 notes.");
    } = 4;

    /// <summary>Seed of the file order and of every continuation (each track's sampler seed derives from it).</summary>
    /// <value>The default is 1.</value>
    public long Seed { get; init; } = 1;
}
