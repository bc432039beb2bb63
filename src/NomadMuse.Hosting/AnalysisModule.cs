using Microsoft.Extensions.Logging;
using NomadMuse.Analysis;
using NomadMuse.Analysis.Background;
using NomadMuse.State;

namespace NomadMuse.Hosting;

/// <summary>
/// The analysis intelligence inside the coordinator: owns the <see cref="MixAnalysisLoop"/>, logs its updates and
/// faults, and watches (off the audio thread) for overruns and buffers at the wrong sample rate.
/// </summary>
internal sealed class AnalysisModule : IDisposable
{
    private readonly MixAnalysisLoop _loop;
    private readonly ILogger _logger;
    private readonly Timer _watch;
    private long _rateMismatches;
    private long _reportedMismatches;
    private long _reportedOverruns;
    private int _disposed;

    public AnalysisModule(UnifiedState state, AnalysisOptions options, ILogger logger)
    {
        _logger = logger;
        GenreTarget target = options.TargetPath is { } path ? GenreTarget.Load(path) : GenreTarget.Builtin(options.Genre);
        _loop = new MixAnalysisLoop(state, new MixAnalysisLoopOptions
        {
            SampleRate = options.SampleRate,
            Channels = options.Channels,
            Target = target,
            Genre = options.Genre,
            UpdateInterval = options.UpdateInterval,
            RingSeconds = options.RingSeconds,
            Suggestions = new SuggestionOptions { MaxSuggestions = options.MaxSuggestions, ToleranceDb = options.ToleranceDb, UseScorer = options.UseScorer },
        });
        _loop.Updated += OnUpdated;
        _loop.Faulted += OnFaulted;
        TimeSpan period = options.UpdateInterval < TimeSpan.FromSeconds(1) ? options.UpdateInterval : TimeSpan.FromSeconds(1);
        _watch = new Timer(_ => Watch(), null, period, period);
        HostingLog.AnalysisStarted(logger, target.Name, options.SampleRate, options.Channels, options.UpdateInterval.TotalSeconds);
    }

    public int SampleRate => _loop.SampleRate;

    public MixReport? LatestReport => _loop.LastReport;

    public long RateMismatches => Interlocked.Read(ref _rateMismatches);

    public long Overruns => _loop.Overruns;

    /// <summary>Audio thread: forwards to the ring, or counts a buffer at the wrong rate. No allocation, no lock.</summary>
    public void Push(ReadOnlySpan<float> interleaved, int sampleRate)
    {
        if (sampleRate != _loop.SampleRate)
        {
            Interlocked.Increment(ref _rateMismatches);
            return;
        }

        _loop.Push(interleaved);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watch.Dispose();
        _loop.Dispose();
        Watch();
        HostingLog.AnalysisStopped(_logger, _loop.Updates, _loop.SecondsAnalysed, _loop.Overruns);
    }

    private void Watch()
    {
        long overruns = _loop.Overruns, previous = Interlocked.Exchange(ref _reportedOverruns, overruns);
        if (overruns > previous)
        {
            HostingLog.AnalysisOverruns(_logger, overruns - previous, overruns);
        }

        long mismatches = RateMismatches, before = Interlocked.Exchange(ref _reportedMismatches, mismatches);
        if (mismatches > before)
        {
            HostingLog.SampleRateMismatch(_logger, mismatches - before, _loop.SampleRate);
        }
    }

    private void OnUpdated(object? sender, MixReportEventArgs e)
    {
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            string top = e.Report.Suggestions.IsEmpty ? "none" : e.Report.Suggestions[0].Message;
            HostingLog.AnalysisUpdated(_logger, e.SecondsAnalysed, e.Report.Suggestions.Length, top);
        }
    }

    private void OnFaulted(object? sender, UnhandledExceptionEventArgs e) =>
        HostingLog.AnalysisFaulted(_logger, e.ExceptionObject as Exception);
}
