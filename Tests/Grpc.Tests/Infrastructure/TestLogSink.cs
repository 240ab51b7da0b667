using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>Collects every log entry of a test server, so a test can fail on unexpected errors.</summary>
internal sealed class TestLogSink
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public void Add(LogEntry entry) => _entries.Enqueue(entry);

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
    {
        public override string ToString() => $"{Level} {Category} [{EventId.Name}] {Message} {Exception}";
    }
}
