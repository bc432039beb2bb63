namespace NomadMuse.State;

/// <summary>The data of <see cref="UnifiedState.Changed"/>: the snapshot before and after.</summary>
/// <remarks>
/// Changes may be coalesced: <see cref="Previous"/> is the <see cref="Current"/> of the previous event (or the
/// initial snapshot), and several versions may lie between the two.
/// </remarks>
public sealed class StateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <exception cref="ArgumentNullException">A snapshot is <see langword="null"/>.</exception>
    public StateChangedEventArgs(StateSnapshot previous, StateSnapshot current)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(current);
        Previous = previous;
        Current = current;
    }

    /// <summary>The snapshot the previous notification ended with.</summary>
    public StateSnapshot Previous { get; }

    /// <summary>The newest snapshot at the time of the notification.</summary>
    public StateSnapshot Current { get; }
}
