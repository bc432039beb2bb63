using Microsoft.Extensions.Logging;

namespace NomadMuse.Hosting;

/// <summary>The coordinator's log messages (source-generated, no allocation when the level is off).</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "NomadMuse coordinator ready: classification {Classification}, generation {Generation}, analysis {Analysis}, personalization {Personalization}")]
    public static partial void CoordinatorReady(ILogger logger, string classification, string generation, string analysis, string personalization);

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

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "NomadMuse classification started: model {Model} ({Precision}), {WindowMs} ms windows, threshold {Threshold}")]
    public static partial void ClassificationStarted(ILogger logger, string model, string precision, double windowMs, float threshold);

    [LoggerMessage(EventId = 31, Level = LogLevel.Debug, Message = "NomadMuse track {TrackId} classified: {Instrument}, {Type}, confidence {Confidence:F2}")]
    public static partial void TrackClassified(ILogger logger, int trackId, string instrument, NomadMuse.State.TrackType type, float confidence);

    [LoggerMessage(EventId = 32, Level = LogLevel.Warning, Message = "NomadMuse classification fell behind: {New} track buffers ({Frames} frames) dropped ({Total} in all)")]
    public static partial void ClassificationOverruns(ILogger logger, long @new, long frames, long total);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "NomadMuse classification ignored {Count} track buffers whose sample rate was not their track's registered rate")]
    public static partial void TrackRateMismatch(ILogger logger, long count);

    [LoggerMessage(EventId = 34, Level = LogLevel.Information, Message = "NomadMuse classification dropped {Count} buffers of tracks not yet registered (they are created now; RegisterTrack avoids this)")]
    public static partial void UnregisteredTrackAudio(ILogger logger, long count);

    [LoggerMessage(EventId = 35, Level = LogLevel.Error, Message = "NomadMuse classification step failed; the loop continues")]
    public static partial void ClassificationFaulted(ILogger logger, Exception? exception);

    [LoggerMessage(EventId = 36, Level = LogLevel.Information, Message = "NomadMuse classification stopped: {Frames} frames classified, {Decisions} decisions, {Publications} written to the state, {Overruns} buffers dropped")]
    public static partial void ClassificationStopped(ILogger logger, long frames, long decisions, long publications, long overruns);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "NomadMuse personalization started: session {Session} of log {LogPath} ({Sequences} sequences logged), adapter {Adapter}, γ = {Gamma:G4}")]
    public static partial void PersonalizationStarted(ILogger logger, int session, string logPath, int sequences, string adapter, double gamma);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "NomadMuse personalization: the adapter {AdapterPath} was trained on another generator; running without it until it is retrained")]
    public static partial void AdapterMismatch(ILogger logger, string adapterPath, Exception exception);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "NomadMuse personalization: the adapter {AdapterPath} cannot be read; running without it until it is retrained")]
    public static partial void AdapterUnreadable(ILogger logger, string adapterPath, Exception exception);

    [LoggerMessage(EventId = 43, Level = LogLevel.Information, Message = "NomadMuse personal adapter retrained from {Accepted} accepted and {Rejected} rejected predictions in {Steps} steps (last loss {Loss:F4}), written to {AdapterPath} and swapped into every session")]
    public static partial void AdapterRetrained(ILogger logger, int accepted, int rejected, long steps, float loss, string adapterPath);
}
