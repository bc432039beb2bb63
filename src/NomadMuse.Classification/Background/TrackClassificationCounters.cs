namespace NomadMuse.Classification.Background;

/// <summary>Totals over every track of a <see cref="TrackClassificationLoop"/> since it started (a momentary snapshot).</summary>
/// <param name="Overruns">Buffers dropped because a track's ring was full (the classification thread fell behind).</param>
/// <param name="DroppedFrames">Audio frames (samples per channel) lost to overruns.</param>
/// <param name="RateMismatches">Buffers dropped because their sample rate was not the rate the track was registered at.</param>
/// <param name="UnregisteredBuffers">Buffers dropped because their track was not created yet (its creation was requested).</param>
/// <param name="FramesClassified">50 ms frames run through the classifier and fully handled: a frame is counted after its decision, if any, was written to the state and <c>Decided</c> was raised.</param>
/// <param name="Decisions">Windows decided (windows of silence decide nothing and are not counted).</param>
/// <param name="Publications">Decisions written to the unified state (a decision that repeats the previous one is not written again).</param>
public readonly record struct TrackClassificationCounters(
    long Overruns,
    long DroppedFrames,
    long RateMismatches,
    long UnregisteredBuffers,
    long FramesClassified,
    long Decisions,
    long Publications);
