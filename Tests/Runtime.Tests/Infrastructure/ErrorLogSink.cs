using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Tests.Infrastructure;

/// <summary>A logger provider that records every Error or Critical entry, so a test can fail on unexpected errors.</summary>
internal sealed class ErrorLogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyCollection<string> Errors => _errors;

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class SinkLogger(ErrorLogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink._errors.Enqueue(category + " [" + eventId.Name + "] " + formatter(state, exception) + " " + exception);
            }
        }
    }
}
