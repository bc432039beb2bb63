using System.Runtime.CompilerServices;
using NomadMuse.Classification.Runtime;
using NomadMuse.Core.Concurrency;

namespace NomadMuse.Classification.Background;

/// <summary>
/// One track inside a <see cref="TrackClassificationLoop"/>: its ring from the audio thread, its classifier, the
/// 50 ms frame being filled, and its latest decision.
/// </summary>
/// <remarks>
/// The ring's producer side belongs to the track's audio thread; everything else to the loop's thread, except
/// <see cref="TryGetLatest"/>, which any thread may call. The rate is fixed: re-registering a track at another
/// rate replaces its feed.
/// </remarks>
internal sealed class TrackFeed
{
    private StrongBox<TrackDecision>? _latest;

    public TrackFeed(int trackId, int sampleRate, InstrumentClassifier prototype, TrackClassificationLoopOptions options)
    {
        TrackId = trackId;
        SampleRate = sampleRate;
        Ring = new SpscRing<float>((int)Math.Ceiling(options.RingSeconds * sampleRate));
        Classifier = new TrackClassifier(prototype.CreateForStream(sampleRate), trackId, null, options.WindowMilliseconds, options.Threshold,
            options.SilenceThresholdDb);
        // The seed's 50 ms frame, rounded up so that whole frames always reach the window (22 050 / 20 is not whole).
        Frame = new float[(int)Math.Ceiling(sampleRate / 20.0)];
    }

    public int TrackId { get; }

    public int SampleRate { get; }

    public SpscRing<float> Ring { get; }

    public TrackClassifier Classifier { get; }

    public float[] Frame { get; }

    /// <summary>Samples of <see cref="Frame"/> filled so far (loop thread).</summary>
    public int Filled { get; set; }

    /// <summary>The decision the state holds from this track (loop thread).</summary>
    public TrackDecision? Published { get; set; }

    /// <summary>Records the latest decision (loop thread; allocates one small box).</summary>
    public void SetLatest(TrackDecision decision) => Volatile.Write(ref _latest, new StrongBox<TrackDecision>(decision));

    /// <summary>The latest non-silent decision, if any. Any thread.</summary>
    public bool TryGetLatest(out TrackDecision decision)
    {
        StrongBox<TrackDecision>? latest = Volatile.Read(ref _latest);
        decision = latest?.Value ?? default;
        return latest is not null;
    }
}
