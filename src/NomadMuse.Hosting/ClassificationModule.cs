using Microsoft.Extensions.Logging;
using NomadMuse.Classification.Background;
using NomadMuse.Classification.Runtime;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>
/// The classification intelligence inside the coordinator: owns the <see cref="TrackClassificationLoop"/>, logs its
/// decisions and faults, and watches (off the audio thread) for dropped track audio.
/// </summary>
internal sealed class ClassificationModule : IDisposable
{
    private static readonly TimeSpan WatchPeriod = TimeSpan.FromSeconds(1);
    private readonly TrackClassificationLoop _loop;
    private readonly ILogger _logger;
    private readonly Timer _watch;
    private readonly object _watchLock = new();
    private TrackClassificationCounters _reported;
    private int _disposed;

    public ClassificationModule(UnifiedState state, ClassificationModuleOptions options, ILogger logger)
    {
        _logger = logger;
        // The prototype's rate is the model's own 22.05 kHz (no resampler); every track gets a stream at its own rate.
        InstrumentClassifier classifier = options.ModelPath is { } path
            ? InstrumentClassifier.Load(path, 22_050, options.Quantize)
            : InstrumentClassifier.LoadDefault(22_050, options.Quantize);
        _loop = new TrackClassificationLoop(state, new TrackClassificationLoopOptions
        {
            Classifier = classifier,
            WindowMilliseconds = options.DecisionWindow.TotalMilliseconds,
            Threshold = options.ConfidenceThreshold,
            SilenceThresholdDb = options.SilenceThresholdDb,
            RingSeconds = options.RingSeconds,
        });
        _loop.Decided += OnDecided;
        _loop.Faulted += OnFaulted;
        _watch = new Timer(_ => Watch(), null, WatchPeriod, WatchPeriod);
        HostingLog.ClassificationStarted(logger, options.ModelPath ?? "embedded default", classifier.UseInt8 ? "INT8" : "fp32",
            options.DecisionWindow.TotalMilliseconds, options.ConfidenceThreshold);
    }

    public TrackClassificationLoop Loop => _loop;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watch.Dispose();
        _loop.Dispose();
        Watch();
        TrackClassificationCounters c = _loop.Counters;
        HostingLog.ClassificationStopped(_logger, c.FramesClassified, c.Decisions, c.Publications, c.Overruns);
    }

    // Off the audio thread: timer callbacks may overlap each other and the final call from Dispose, so a lock keeps
    // the remembered counters whole.
    private void Watch()
    {
        TrackClassificationCounters now, before;
        lock (_watchLock)
        {
            now = _loop.Counters;
            before = _reported;
            _reported = now;
        }

        if (now.Overruns > before.Overruns)
        {
            HostingLog.ClassificationOverruns(_logger, now.Overruns - before.Overruns, now.DroppedFrames - before.DroppedFrames, now.Overruns);
        }

        if (now.RateMismatches > before.RateMismatches)
        {
            HostingLog.TrackRateMismatch(_logger, now.RateMismatches - before.RateMismatches);
        }

        if (now.UnregisteredBuffers > before.UnregisteredBuffers)
        {
            HostingLog.UnregisteredTrackAudio(_logger, now.UnregisteredBuffers - before.UnregisteredBuffers);
        }
    }

    private void OnDecided(object? sender, TrackDecisionEventArgs e)
    {
        if (e.Published && _logger.IsEnabled(LogLevel.Debug))
        {
            TrackDecision d = e.Decision;
            string instrument = d.Instrument?.ToString() ?? "uncertain";
            HostingLog.TrackClassified(_logger, e.TrackId, instrument, d.Type, d.Confidence);
        }
    }

    private void OnFaulted(object? sender, UnhandledExceptionEventArgs e) =>
        HostingLog.ClassificationFaulted(_logger, e.ExceptionObject as Exception);
}
