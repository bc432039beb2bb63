using Microsoft.Extensions.Logging;

namespace NomadMuse.Hosting;

/// <summary>The coordinator's log messages (source-generated, no allocation when the level is off).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "NomadMuse coordinator ready: generation {Generation}, analysis {Analysis}")]
    public static partial void CoordinatorReady(ILogger logger, string generation, string analysis);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "NomadMuse generation started: model {Model} ({Precision}, {Parameters} parameters)")]
    public static partial void GenerationStarted(ILogger logger, string model, string precision, long parameters);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "NomadMuse analysis started: target {Target}, {SampleRate} Hz, {Channels} channels, update every {IntervalSeconds} s")]
    public static partial void AnalysisStarted(ILogger logger, string target, int sampleRate, int channels, double intervalSeconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "NomadMuse analysis update after {Seconds:F1} s of audio: {Count} suggestions; first: {First}")]
    public static partial void AnalysisUpdated(ILogger logger, double seconds, int count, string first);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "NomadMuse analysis fell behind: {New} mix buffers dropped ({Total} in all)")]
    public static partial void AnalysisOverruns(ILogger logger, long @new, long total);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "NomadMuse analysis ignored {Count} mix buffers whose sample rate was not the configured {SampleRate} Hz")]
    public static partial void SampleRateMismatch(ILogger logger, long count, int sampleRate);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "NomadMuse analysis step failed; the loop continues")]
    public static partial void AnalysisFaulted(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Information, Message = "NomadMuse analysis stopped: {Updates} updates, {Seconds:F1} s analysed, {Overruns} buffers dropped")]
    public static partial void AnalysisStopped(ILogger logger, long updates, double seconds, long overruns);
}
