using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NomadMuse.Hosting.Tests;

/// <summary>Collects log entries in memory; registered as the open generic <c>ILogger&lt;T&gt;</c>.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    public static ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));
}
