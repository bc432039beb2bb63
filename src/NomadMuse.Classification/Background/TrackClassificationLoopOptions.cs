using NomadMuse.Classification.Runtime;

namespace NomadMuse.Classification.Background;

/// <summary>Settings of a <see cref="TrackClassificationLoop"/>.</summary>
public sealed class TrackClassificationLoopOptions
{
    /// <summary>Lowest track sample rate accepted, Hz.</summary>
    public const int MinSampleRate = 8_000;

    /// <summary>Highest track sample rate accepted, Hz (a 50 ms frame must fit the classifier's 19 200-sample block).</summary>
    public const int MaxSampleRate = 384_000;

    /// <summary>
    /// Any classifier of the model to run (its weights and its fp32/INT8 choice are shared by every track; its own
    /// stream is not used); null for the embedded default model on the INT8 path.
    /// </summary>
    public InstrumentClassifier? Classifier { get; init; }

    /// <summary>Accumulation window of each decision, milliseconds (default 200; the seed's 100–200).</summary>
    public double WindowMilliseconds { get; init; } = 200;

    /// <summary>Averaged probability above which an instrument is decided, in (0, 1) (default the seed's 0.75); below it the answer is "uncertain".</summary>
    public float Threshold { get; init; } = 0.75f;

    /// <summary>Frames quieter than this RMS level (dBFS) are not averaged; a window of only such frames decides nothing (default −60).</summary>
    public float SilenceThresholdDb { get; init; } = -60f;

    /// <summary>Audio each track's ring holds before the audio thread's buffers are dropped, seconds (default 1; 0.1–10).</summary>
    public double RingSeconds { get; init; } = 1;

    /// <summary>Checks every value and throws naming the first bad one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (WindowMilliseconds is not (>= 100 and <= 200))
        {
            throw new ArgumentOutOfRangeException(nameof(WindowMilliseconds), WindowMilliseconds, "The decision window must be 100–200 ms.");
        }

        if (!(Threshold > 0f && Threshold < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must lie in (0, 1).");
        }

        if (SilenceThresholdDb is not (>= -120f and <= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(SilenceThresholdDb), SilenceThresholdDb, "The silence threshold must be −120–0 dBFS.");
        }

        if (RingSeconds is not (>= 0.1 and <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(RingSeconds), RingSeconds, "Each track's ring must hold 0.1–10 s of audio.");
        }
    }
}
