namespace NomadMuse.State;

/// <summary>What is known about one track: its instrument and type (from the classifier), mute and volume.</summary>
/// <remarks>Immutable; change it with <c>with</c> (validated) or through <see cref="UnifiedState"/>.</remarks>
public sealed record TrackInfo
{
    /// <summary>Creates track information.</summary>
    /// <param name="trackId">The host's track number, 0 or more.</param>
    /// <param name="instrument">The classified instrument, or <see langword="null"/> when unknown or uncertain.</param>
    /// <param name="type">Tonal, percussive or unknown.</param>
    /// <param name="confidence">The classifier's confidence, 0–1.</param>
    /// <param name="muted">Whether the track is muted.</param>
    /// <param name="volumeDb">The fader gain in dB (not NaN; −∞ allowed).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public TrackInfo(int trackId, InstrumentClass? instrument = null, TrackType type = TrackType.Unknown, float confidence = 0f,
        bool muted = false, float volumeDb = 0f)
    {
        TrackId = trackId;
        Instrument = instrument;
        Type = type;
        Confidence = confidence;
        Muted = muted;
        VolumeDb = volumeDb;
    }

    /// <summary>The host's track number, 0 or more.</summary>
    public int TrackId
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(TrackId), value, "Track ids are 0 or more.");
    }

    /// <summary>The classified instrument (one of the 20 classes), or <see langword="null"/> when unknown or uncertain.</summary>
    public InstrumentClass? Instrument
    {
        get;
        init => field = value is null || ((int)value is >= 1 and <= InstrumentClassInfo.Count)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(Instrument), value, "Instrument class ids run from 1 to 20.");
    }

    /// <summary>Tonal, percussive or unknown: decides the generator's mode.</summary>
    public TrackType Type
    {
        get;
        init => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(Type), value, "Unknown track type.");
    }

    /// <summary>The classifier's confidence in <see cref="Instrument"/> and <see cref="Type"/>, 0–1.</summary>
    public float Confidence
    {
        get;
        init => field = value is >= 0f and <= 1f ? value : throw new ArgumentOutOfRangeException(nameof(Confidence), value, "Confidence runs from 0 to 1.");
    }

    /// <summary>Whether the track is muted.</summary>
    public bool Muted { get; init; }

    /// <summary>The fader gain in dB (−∞ allowed).</summary>
    public float VolumeDb
    {
        get;
        init => field = !float.IsNaN(value) ? value : throw new ArgumentOutOfRangeException(nameof(VolumeDb), value, "The volume must be a number of dB.");
    }
}
