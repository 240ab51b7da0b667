using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>
/// Appends every log entry to a file: cluster tests write one when the CLUSTER_DEBUG_LOG environment variable names
/// it, to see what silos did in a failing run.
/// </summary>
internal sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new FileLogger(path, categoryName);

    public void Dispose()
    {
    }

    private sealed class FileLogger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = DateTime.Now.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) + " " + logLevel + " " + category + ": "
                + formatter(state, exception) + " " + exception + Environment.NewLine;
            lock (Gate)
            {
                File.AppendAllText(path, line);
            }
        }
    }
}
