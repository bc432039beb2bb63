namespace NomadMuse.Generation.Runtime.Realtime;

/// <summary>Settings of a <see cref="LookaheadPredictor"/>.</summary>
public sealed record LookaheadOptions
{
    /// <summary>How many predictions the worker keeps ready, 1–1024.</summary>
    /// <value>The default is 8 (seed §7).</value>
    public int Depth
    {
        get;
        init => field = value is >= 1 and <= 1024 ? value : throw new ArgumentOutOfRangeException(nameof(Depth), value, "The depth must be 1–1024.");
    } = 8;

    /// <summary>A worker step slower than this counts as late, 0.1 ms–10 s.</summary>
    /// <value>The default is 15 ms (seed §7).</value>
    public TimeSpan StepBudget
    {
        get;
        init => field = value >= TimeSpan.FromMilliseconds(0.1) && value <= TimeSpan.FromSeconds(10)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(StepBudget), value, "The budget must be 0.1 ms to 10 s.");
    } = TimeSpan.FromMilliseconds(15);
}
