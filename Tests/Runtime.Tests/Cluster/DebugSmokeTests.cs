using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Cluster;

public sealed class DebugSmokeTests
{
    [Fact]
    public async Task Smoke()
    {
        var errors = new ErrorLogSink();
        var probe = new ClusterProbe();
        var options = ClusterTestScope.Options(2, errors, probe);
        options.ConfigureLogging = logging => logging.AddProvider(new FileLoggerProvider("/tmp/cluster-debug.log")).SetMinimumLevel(LogLevel.Debug);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var cluster = await Testing.TestCluster.StartAsync(options, timeout.Token);
        var where = await cluster.Silos[0].GrainFactory.GetGrain<IPlacedGrain>("x").WhereAmI();
        Assert.NotNull(where);
    }

    private sealed class FileLoggerProvider(string path) : ILoggerProvider
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
                lock (Gate)
                {
                    File.AppendAllText(path, DateTime.Now.ToString("HH:mm:ss.fff") + " " + logLevel + " " + category + ": " + formatter(state, exception) + " " + exception + Environment.NewLine);
                }
            }
        }
    }
}
