using System.Collections.Immutable;

namespace NomadMuse.Classification.Background;

/// <summary>
/// The tracks of a <see cref="TrackClassificationLoop"/>, replaced as a whole (copy on write) when one is added, so
/// that audio threads look a track up with one volatile read and no lock, and the loop thread walks a plain array.
/// </summary>
internal sealed class TrackFeedTable
{
    private TrackFeedTable(ImmutableDictionary<int, TrackFeed> byId, TrackFeed[] all)
    {
        ById = byId;
        All = all;
    }

    public static TrackFeedTable Empty { get; } = new(ImmutableDictionary<int, TrackFeed>.Empty, []);

    /// <summary>Feeds by track id (lookups allocate nothing).</summary>
    public ImmutableDictionary<int, TrackFeed> ById { get; }

    /// <summary>The same feeds, in no particular order.</summary>
    public TrackFeed[] All { get; }

    /// <summary>A table with <paramref name="feed"/> added, or replacing the feed of its track.</summary>
    public TrackFeedTable With(TrackFeed feed)
    {
        ImmutableDictionary<int, TrackFeed> byId = ById.SetItem(feed.TrackId, feed);
        return new TrackFeedTable(byId, [.. byId.Values]);
    }
}
