using NomadMuse.Classification.Data;
using NomadMuse.State;

namespace NomadMuse.Classification.Runtime;

/// <summary>
/// The seed's decision logic (§3.3.4) for one track: classifies every frame, averages the class probabilities and the
/// track-type probability over a 100–200 ms window, and decides: the best class if its averaged probability exceeds
/// the threshold (0.75), otherwise "uncertain". Each decision can be written to <see cref="UnifiedState"/>.
/// </summary>
/// <remarks>
/// <para>Frames quieter than <see cref="SilenceThresholdDb"/> are not averaged (a tail of silence must not dilute a
/// decision). A window whose frames were all silent yields <see cref="TrackType.Unknown"/> and no instrument.</para>
/// <para>One thread per instance. <see cref="Process"/> allocates nothing except when it publishes a decision to the
/// state (once per window): <see cref="UnifiedState.SetTrackClassification"/> builds a new snapshot. Hosts that run
/// it on the audio thread should pass no state and publish <see cref="LastDecision"/> from another thread.</para>
/// </remarks>
public sealed class TrackClassifier
{
    private readonly InstrumentClassifier _classifier;
    private readonly UnifiedState? _state;
    private readonly float[] _sum = new float[InstrumentClasses.Count];
    private readonly float[] _frame = new float[InstrumentClasses.Count];
    private double _percussiveSum;
    private double _elapsedMs;
    private int _frames;

    /// <summary>Creates the track classifier.</summary>
    /// <param name="classifier">The frame classifier of this track's stream (owned by this instance from now on).</param>
    /// <param name="trackId">Track id written to the state.</param>
    /// <param name="state">State to publish decisions to, or null.</param>
    /// <param name="windowMilliseconds">Accumulation window, 100–200 ms.</param>
    /// <param name="threshold">Averaged probability above which a class is decided, in (0, 1).</param>
    /// <param name="silenceThresholdDb">Frames below this RMS level (dBFS) are skipped.</param>
    /// <exception cref="ArgumentOutOfRangeException">The window or threshold is out of range.</exception>
    public TrackClassifier(InstrumentClassifier classifier, int trackId, UnifiedState? state = null, double windowMilliseconds = 200, float threshold = 0.75f, float silenceThresholdDb = -60f)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        if (windowMilliseconds is < 100 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(windowMilliseconds), windowMilliseconds, "The seed accumulates 100–200 ms.");
        }

        if (!(threshold > 0f && threshold < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must lie in (0, 1).");
        }

        _classifier = classifier;
        _state = state;
        TrackId = trackId;
        WindowMilliseconds = windowMilliseconds;
        Threshold = threshold;
        SilenceThresholdDb = silenceThresholdDb;
    }

    /// <summary>The track.</summary>
    public int TrackId { get; }

    /// <summary>Accumulation window in milliseconds.</summary>
    public double WindowMilliseconds { get; }

    /// <summary>Decision threshold on the averaged probability (the seed's 0.75).</summary>
    public float Threshold { get; }

    /// <summary>Frames below this level (dBFS) are not averaged.</summary>
    public float SilenceThresholdDb { get; }

    /// <summary>The most recent decision, or null before the first window completes.</summary>
    public TrackDecision? LastDecision { get; private set; }

    /// <summary>Classifies one frame and, when the window is complete, decides (and publishes to the state if one was given).</summary>
    /// <param name="frame">Mono samples at the classifier's rate (typically 50 ms).</param>
    /// <returns>The decision when this frame completed a window, else null.</returns>
    /// <exception cref="ArgumentException">The frame is too long for the classifier.</exception>
    public TrackDecision? Process(ReadOnlySpan<float> frame)
    {
        FrameClassification result = _classifier.ClassifyFrame(frame, _frame);
        _elapsedMs += frame.Length * 1000.0 / _classifier.InputSampleRate;
        if (result.LevelDb >= SilenceThresholdDb)
        {
            for (int i = 0; i < _sum.Length; i++)
            {
                _sum[i] += _frame[i];
            }

            _percussiveSum += result.PercussiveProbability;
            _frames++;
        }

        if (_elapsedMs + 1e-6 < WindowMilliseconds)
        {
            return null;
        }

        TrackDecision decision = Decide(_sum, _percussiveSum, _frames, Threshold);
        Array.Clear(_sum);
        _percussiveSum = 0;
        _frames = 0;
        _elapsedMs = 0;
        LastDecision = decision;
        _state?.SetTrackClassification(TrackId, decision.Instrument, decision.Type, decision.Confidence);
        return decision;
    }

    /// <summary>Forgets the partial window and the classifier's history.</summary>
    public void Reset()
    {
        Array.Clear(_sum);
        _percussiveSum = 0;
        _frames = 0;
        _elapsedMs = 0;
        _classifier.Reset();
    }

    /// <summary>The decision rule: average, argmax, threshold; track type from the averaged percussive probability.</summary>
    /// <param name="probabilitySums">Sums of the 20 class probabilities over <paramref name="frames"/> frames.</param>
    /// <param name="percussiveSum">Sum of the percussive probabilities.</param>
    /// <param name="frames">Frames summed (0 = all silent).</param>
    /// <param name="threshold">Decision threshold.</param>
    /// <returns>The decision.</returns>
    public static TrackDecision Decide(ReadOnlySpan<float> probabilitySums, double percussiveSum, int frames, float threshold)
    {
        if (frames == 0)
        {
            return new TrackDecision(null, 0, TrackType.Unknown, 0f, 0);
        }

        int best = 0;
        for (int i = 1; i < probabilitySums.Length; i++)
        {
            if (probabilitySums[i] > probabilitySums[best])
            {
                best = i;
            }
        }

        float confidence = probabilitySums[best] / frames;
        TrackType type = percussiveSum / frames > 0.5 ? TrackType.Percussive : TrackType.Tonal;
        InstrumentClass? instrument = confidence > threshold ? InstrumentClasses.ToInstrument(best + 1) : null;
        return new TrackDecision(instrument, best + 1, type, confidence, frames);
    }
}
