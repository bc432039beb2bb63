namespace NomadMuse.Generation.Runtime.Realtime;

/// <summary>Counters and step latencies of a <see cref="LookaheadPredictor"/>, read at one moment.</summary>
/// <param name="Predicted">Predictions the worker produced.</param>
/// <param name="Served">Fresh predictions the consumer read.</param>
/// <param name="Misses">Reads that found no fresh prediction (the last valid one was served, if any).</param>
/// <param name="LateSteps">Worker steps that took longer than the step budget.</param>
/// <param name="Buffered">Predictions waiting in the ring.</param>
/// <param name="StepP50Microseconds">Median worker step latency.</param>
/// <param name="StepP99Microseconds">99th-percentile worker step latency.</param>
/// <param name="StepMaxMicroseconds">Slowest worker step.</param>
public readonly record struct LookaheadStatistics(long Predicted, long Served, long Misses, long LateSteps, int Buffered,
    double StepP50Microseconds, double StepP99Microseconds, double StepMaxMicroseconds);
