using System.Collections.Immutable;

namespace NomadMuse.State;

/// <summary>One consistent, immutable picture of the whole shared state (seed §3.5.1).</summary>
/// <remarks>
/// Every member is immutable, so a snapshot read once can be used for as long as needed without locks and never
/// changes under the reader. Make a changed copy with <c>with</c> inside <see cref="UnifiedState.Update(Func{StateSnapshot, StateSnapshot})"/>;
/// <see cref="Version"/> is stamped by <see cref="UnifiedState"/> and cannot be set from outside.
/// </remarks>
public sealed record StateSnapshot
{
    /// <summary>Creates a snapshot with <see cref="Version"/> 0.</summary>
    /// <exception cref="ArgumentNullException">A member is <see langword="null"/>.</exception>
    public StateSnapshot(MusicalContext music, ImmutableDictionary<int, TrackInfo> tracks, PerformanceStats performance, MixContext mix,
        UserPreferences preferences)
    {
        Music = music;
        Tracks = tracks;
        Performance = performance;
        Mix = mix;
        Preferences = preferences;
    }

    /// <summary>The defaults: C major, 120 BPM, 4/4, no tracks, no velocities, nothing measured, default preferences.</summary>
    public static StateSnapshot Initial { get; } = new(MusicalContext.Default, ImmutableDictionary<int, TrackInfo>.Empty,
        PerformanceStats.Empty, MixContext.Empty, UserPreferences.Default);

    /// <summary>Key, tempo and time signature.</summary>
    public MusicalContext Music { get; init => field = value ?? throw new ArgumentNullException(nameof(Music)); }

    /// <summary>Per-track information keyed by <see cref="TrackInfo.TrackId"/>.</summary>
    public ImmutableDictionary<int, TrackInfo> Tracks { get; init => field = value ?? throw new ArgumentNullException(nameof(Tracks)); }

    /// <summary>Statistics of the player's recent velocities.</summary>
    public PerformanceStats Performance { get; init => field = value ?? throw new ArgumentNullException(nameof(Performance)); }

    /// <summary>The analyzer's view of the mix.</summary>
    public MixContext Mix { get; init => field = value ?? throw new ArgumentNullException(nameof(Mix)); }

    /// <summary>The user's preferences.</summary>
    public UserPreferences Preferences { get; init => field = value ?? throw new ArgumentNullException(nameof(Preferences)); }

    /// <summary>Increases by one with every change published through <see cref="UnifiedState"/>; 0 for a new state.</summary>
    public long Version { get; internal init; }

    /// <summary>The type of track <paramref name="trackId"/>, or <see cref="TrackType.Unknown"/> when the track is not known.</summary>
    /// <remarks>Allocation-free and lock-free: what the generator calls before each prediction.</remarks>
    public TrackType TrackTypeOf(int trackId) => Tracks.TryGetValue(trackId, out TrackInfo? track) ? track.Type : TrackType.Unknown;
}
