using NomadMuse.State;

namespace NomadMuse.Classification.Runtime;

/// <summary>A track classifier's decision over one accumulation window (seed §3.3.4).</summary>
/// <param name="Instrument">The instrument, or <see langword="null"/> when the averaged probability stays below the threshold ("uncertain").</param>
/// <param name="BestClassId">The most probable class 1–20 even when uncertain.</param>
/// <param name="Type">Tonal or percussive from the averaged track-type head; <see cref="TrackType.Unknown"/> when every frame was silent.</param>
/// <param name="Confidence">The averaged probability of the best class (0 when every frame was silent).</param>
/// <param name="Frames">Frames averaged (silent frames are not counted).</param>
public readonly record struct TrackDecision(InstrumentClass? Instrument, int BestClassId, TrackType Type, float Confidence, int Frames)
{
    /// <summary>Whether the decision is "uncertain" (no instrument).</summary>
    public bool IsUncertain => Instrument is null;
}
