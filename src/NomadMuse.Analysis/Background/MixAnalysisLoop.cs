using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using NomadMuse.Core.Concurrency;
using NomadMuse.State;

namespace NomadMuse.Analysis.Background;

/// <summary>
/// Runs a <see cref="MixAnalyzer"/> on its own background thread: the audio thread <see cref="Push"/>es the mix into
/// a lock-free ring and returns at once; every <see cref="MixAnalysisLoopOptions.UpdateInterval"/> the loop publishes
/// band levels and ranked suggestions to the <see cref="UnifiedState"/> (seed §3.5, step 4).
/// </summary>
/// <remarks>
/// <para>The analysis accumulates from the start (or the last <see cref="RequestReset"/>), so levels settle as the
/// session goes on. Updates are published only when new audio has arrived since the previous one.</para>
/// <para>Threads: <see cref="Push"/> from one audio thread; everything else from any thread. <see cref="Updated"/>
/// and <see cref="Faulted"/> are raised on the loop's thread. An exception while analysing or publishing is reported
/// through <see cref="Faulted"/> and the loop carries on.</para>
/// </remarks>
public sealed class MixAnalysisLoop : IDisposable
{
    private const int PollMilliseconds = 10;
    private const int DrainFrames = 4096;

    private readonly UnifiedState _state;
    private readonly MixAnalysisLoopOptions _options;
    private readonly GenreTarget _target;
    private readonly SuggestionOptions _suggestions;
    private readonly SpscRing<float> _ring;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new(false);
    private MixAnalyzer _analyzer;
    private MixReport? _lastReport;
    private long _overruns;
    private long _droppedSamples;
    private long _updates;
    private long _analysedSamples;
    private int _resetRequested;
    private int _disposed;

    /// <summary>Creates the loop and starts its thread.</summary>
    /// <param name="state">Where reports are published.</param>
    /// <param name="options">Settings; null for the defaults (48 kHz stereo, pop, 1.5 s).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">The genre is not built in.</exception>
    public MixAnalysisLoop(UnifiedState state, MixAnalysisLoopOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        options ??= new MixAnalysisLoopOptions();
        options.Validate();
        _state = state;
        _options = options;
        _target = options.ResolveTarget();
        _suggestions = options.Suggestions ?? new SuggestionOptions();
        _ring = new SpscRing<float>((int)Math.Ceiling(options.RingSeconds * options.SampleRate) * options.Channels);
        _analyzer = new MixAnalyzer(options.SampleRate, options.Channels, options.Analyzer);
        if (options.Genre is not null)
        {
            state.SetGenre(options.Genre);
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "NomadMuse mix analysis", Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Raised on the loop's thread after each report is published to the state.</summary>
    public event EventHandler<MixReportEventArgs>? Updated;

    /// <summary>Raised on the loop's thread when analysing or publishing throws (the loop continues).</summary>
    public event EventHandler<UnhandledExceptionEventArgs>? Faulted;

    /// <summary>Sample rate expected by <see cref="Push"/>, Hz.</summary>
    public int SampleRate => _options.SampleRate;

    /// <summary>Interleaved channels expected by <see cref="Push"/>.</summary>
    public int Channels => _options.Channels;

    /// <summary>The target suggestions are measured against.</summary>
    public GenreTarget Target => _target;

    /// <summary>Buffers <see cref="Push"/> dropped because the ring was full (the loop fell behind).</summary>
    public long Overruns => Interlocked.Read(ref _overruns);

    /// <summary>Samples (not frames) lost to overruns.</summary>
    public long DroppedSamples => Interlocked.Read(ref _droppedSamples);

    /// <summary>Reports published so far.</summary>
    public long Updates => Interlocked.Read(ref _updates);

    /// <summary>Seconds of audio analysed since the start or the last reset.</summary>
    public double SecondsAnalysed => (double)Interlocked.Read(ref _analysedSamples) / (_options.SampleRate * _options.Channels);

    /// <summary>The last published report, or <see langword="null"/> before the first.</summary>
    public MixReport? LastReport => Volatile.Read(ref _lastReport);

    /// <summary>Queues a buffer of the mix for analysis.</summary>
    /// <param name="interleaved">Whole frames of <see cref="Channels"/> samples at <see cref="SampleRate"/>.</param>
    /// <returns><see langword="false"/> when the ring was full and the buffer was dropped (counted in <see cref="Overruns"/>).</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of <see cref="Channels"/>.</exception>
    /// <remarks>Audio thread (one producer); never blocks, never allocates, takes no lock.</remarks>
    public bool Push(ReadOnlySpan<float> interleaved)
    {
        if (interleaved.Length % _options.Channels != 0)
        {
            throw new ArgumentException($"The buffer holds {interleaved.Length} samples, not whole frames of {_options.Channels} channels.", nameof(interleaved));
        }

        if (_ring.TryWrite(interleaved))
        {
            return true;
        }

        Interlocked.Increment(ref _overruns);
        Interlocked.Add(ref _droppedSamples, interleaved.Length);
        return false;
    }

    /// <summary>Starts the analysis afresh (e.g. after the arrangement changed); takes effect on the loop's thread.</summary>
    public void RequestReset() => Interlocked.Exchange(ref _resetRequested, 1);

    /// <summary>Stops the thread (waiting for the current step to finish) and releases it. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stop.Set();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
            _stop.Dispose();
        }
    }

    private void Run()
    {
        float[] buffer = new float[DrainFrames * _options.Channels];
        long interval = (long)(_options.UpdateInterval.TotalSeconds * Stopwatch.Frequency);
        long due = Stopwatch.GetTimestamp() + interval;
        bool fresh = false;
        while (true)
        {
            bool stopping = _stop.IsSet;
            fresh |= Step(buffer);
            long now = Stopwatch.GetTimestamp();
            if (fresh && (now >= due || stopping))
            {
                Publish();
                fresh = false;
                due = now + interval;
            }

            if (stopping)
            {
                return;
            }

            _stop.Wait(PollMilliseconds);
        }
    }

    /// <summary>Applies a pending reset, then drains the ring into the analyser; true when audio arrived.</summary>
    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The loop thread must survive and report any failure through Faulted.")]
    private bool Step(float[] buffer)
    {
        bool any = false;
        try
        {
            if (Interlocked.Exchange(ref _resetRequested, 0) != 0)
            {
                _analyzer = new MixAnalyzer(_options.SampleRate, _options.Channels, _options.Analyzer);
                Interlocked.Exchange(ref _analysedSamples, 0);
            }

            int read;
            while ((read = _ring.Read(buffer)) > 0)
            {
                _analyzer.Push(buffer.AsSpan(0, read));
                Interlocked.Add(ref _analysedSamples, read);
                any = true;
            }
        }
        catch (Exception e)
        {
            ReportFault(e);
        }

        return any;
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "The loop thread must survive and report any failure through Faulted.")]
    private void Publish()
    {
        try
        {
            if (_analyzer.Balance.FrameCount == 0)
            {
                return;
            }

            MixReport report = _analyzer.Report(_target, _suggestions);
            MixContext context = report.ToMixContext(_options.Genre);
            _state.PublishMix(context.Bands, context.Suggestions);
            Volatile.Write(ref _lastReport, report);
            Interlocked.Increment(ref _updates);
            Updated?.Invoke(this, new MixReportEventArgs(report, SecondsAnalysed));
        }
        catch (Exception e)
        {
            ReportFault(e);
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A failing fault handler has nowhere left to report to.")]
    private void ReportFault(Exception e)
    {
        try
        {
            Faulted?.Invoke(this, new UnhandledExceptionEventArgs(e, false));
        }
        catch (Exception)
        {
            // Nothing left to report to.
        }
    }
}
