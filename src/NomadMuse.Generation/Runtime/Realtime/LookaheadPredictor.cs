using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using NomadMuse.Core.Concurrency;

namespace NomadMuse.Generation.Runtime.Realtime;

/// <summary>
/// Keeps predictions ready ahead of time (seed §7): a worker thread steps a <see cref="GenerationSession"/> and
/// fills a single-producer/single-consumer lock-free ring (8 deep by default); an audio or MIDI callback takes
/// them with <see cref="TryRead"/>, which never blocks and never allocates.
/// </summary>
/// <remarks>
/// <para>The predictor owns the session while it runs: do not call the session until the predictor is disposed.
/// Exactly one thread may call <see cref="TryRead"/> (the consumer); <see cref="Statistics"/> may be read from any
/// thread.</para>
/// <para>When no fresh prediction is ready (the worker fell behind, e.g. a step over the 15 ms budget), the last valid
/// prediction is served again with <see cref="PredictedEvent.IsFallback"/> set and the miss is counted. Worker step
/// latencies go into a histogram (p50/p99); steps over the budget are counted as late.</para>
/// </remarks>
public sealed class LookaheadPredictor : IDisposable
{
    private readonly GenerationSession _session;
    private readonly SpscRing<PredictedEvent> _ring;
    private readonly int _depth;
    private readonly long _budgetTicks;
    private readonly Thread _worker;
    private readonly LatencyHistogram _latency = new();
    private PredictedEvent _last;
    private bool _hasLast;
    private long _predicted, _served, _misses, _lateSteps;
    private volatile bool _stopping;
    private volatile bool _exhausted;
    private Exception? _fault;

    /// <summary>Starts the worker.</summary>
    /// <param name="session">The stream to predict; primed already. The predictor uses it from its worker thread.</param>
    /// <param name="options">Depth and budget; null for the defaults (8, 15 ms).</param>
    public LookaheadPredictor(GenerationSession session, LookaheadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        options ??= new LookaheadOptions();
        _session = session;
        _depth = options.Depth;
        _ring = new SpscRing<PredictedEvent>(options.Depth);
        _budgetTicks = (long)(options.StepBudget.TotalSeconds * Stopwatch.Frequency);
        _worker = new Thread(Run) { IsBackground = true, Name = "NomadMuse lookahead", Priority = ThreadPriority.AboveNormal };
        _worker.Start();
    }

    /// <summary>The step latency histogram of the worker.</summary>
    public LatencyHistogram StepLatency => _latency;

    /// <summary>The exception that stopped the worker, if one did.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>Whether the session can produce nothing more (every token masked); fallbacks continue to be served.</summary>
    public bool IsExhausted => _exhausted;

    /// <summary>Counters and latency percentiles at this moment. Any thread.</summary>
    public LookaheadStatistics Statistics => new(
        Interlocked.Read(ref _predicted), Interlocked.Read(ref _served), Interlocked.Read(ref _misses),
        Interlocked.Read(ref _lateSteps), _ring.Count,
        _latency.PercentileMicroseconds(0.5), _latency.PercentileMicroseconds(0.99), _latency.MaxMicroseconds);

    /// <summary>Takes the next prediction, or serves the last valid one again when none is ready.</summary>
    /// <param name="prediction">The prediction (<see cref="PredictedEvent.IsFallback"/> set when it is a repeat).</param>
    /// <returns>False only when nothing was ever predicted.</returns>
    /// <remarks>Consumer thread only (one thread). Wait-free: never blocks, never allocates, never locks.</remarks>
    public bool TryRead(out PredictedEvent prediction)
    {
        if (_ring.TryRead(out prediction))
        {
            _last = prediction;
            _hasLast = true;
            Interlocked.Increment(ref _served);
            return true;
        }

        Interlocked.Increment(ref _misses);
        if (_hasLast)
        {
            prediction = _last with { IsFallback = true };
            return true;
        }

        return false;
    }

    /// <summary>Stops the worker and waits for it; the session is the caller's again afterwards.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_worker.IsAlive && Thread.CurrentThread != _worker)
        {
            _worker.Join();
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A failure on the worker must not crash the host process; it is exposed through Fault and the consumer keeps getting fallbacks.")]
    private void Run()
    {
        try
        {
            int idle = 0;
            while (!_stopping)
            {
                if (_exhausted || _ring.Count >= _depth)
                {
                    // Full: the consumer has 8 predictions in hand. Yield a little, then sleep, so an idle
                    // predictor costs no CPU; the consumer never has to signal us.
                    if (++idle < 16)
                    {
                        Thread.Yield();
                    }
                    else
                    {
                        Thread.Sleep(1);
                    }

                    continue;
                }

                idle = 0;
                long started = Stopwatch.GetTimestamp();
                bool stepped = _session.TryStep(out PredictedEvent next);
                long elapsed = Stopwatch.GetTimestamp() - started;
                _latency.Record(elapsed);
                if (elapsed > _budgetTicks)
                {
                    Interlocked.Increment(ref _lateSteps);
                }

                if (!stepped)
                {
                    _exhausted = true;
                    continue;
                }

                _ring.TryWrite(next); // cannot fail: only this thread adds, and there was room
                Interlocked.Increment(ref _predicted);
            }
        }
        catch (Exception e)
        {
            Volatile.Write(ref _fault, e);
        }
    }
}
