using NomadMuse.Classification.Runtime;

namespace NomadMuse.Classification.Background;

/// <summary>A window's decision for one track, just made by a <see cref="TrackClassificationLoop"/>.</summary>
public sealed class TrackDecisionEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="trackId">The track.</param>
    /// <param name="decision">The decision.</param>
    /// <param name="published">Whether it was written to the unified state.</param>
    public TrackDecisionEventArgs(int trackId, TrackDecision decision, bool published)
    {
        TrackId = trackId;
        Decision = decision;
        Published = published;
    }

    /// <summary>The track.</summary>
    public int TrackId { get; }

    /// <summary>The decision (<see cref="TrackDecision.IsUncertain"/> when no instrument passed the threshold).</summary>
    public TrackDecision Decision { get; }

    /// <summary>Whether the state was updated; <see langword="false"/> when the decision repeated the one the state holds.</summary>
    public bool Published { get; }
}
