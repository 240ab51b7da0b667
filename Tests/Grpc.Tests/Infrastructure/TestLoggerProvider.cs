using Microsoft.Extensions.Logging;

namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>Sends every log entry of a test server to a <see cref="TestLogSink"/>.</summary>
internal sealed class TestLoggerProvider(TestLogSink sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TestLogger(categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class TestLogger(string category, TestLogSink sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
            => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => sink.Add(new TestLogSink.LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
