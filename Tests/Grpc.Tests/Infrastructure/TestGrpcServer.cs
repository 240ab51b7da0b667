using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansChat.Grpc.Server;

namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>
/// A <see cref="GrpcHost"/> on an ephemeral loopback port with a log sink. Disposing it stops the host and fails
/// the test if anything logged an error that the test did not declare with <see cref="ExpectError"/>.
/// </summary>
internal sealed class TestGrpcServer : IAsyncDisposable
{
    private readonly HashSet<string> _expectedErrors = new(StringComparer.Ordinal);

    private TestGrpcServer(GrpcHost host, TestLogSink logs)
    {
        Host = host;
        Logs = logs;
    }

    public GrpcHost Host { get; }

    public TestLogSink Logs { get; }

    public int Port => Host.Port;

    public static async Task<TestGrpcServer> StartAsync(
        Action<IServiceCollection> configureServices,
        Action<GrpcServerOptions>? configureGrpc = null,
        Action<GrpcHostOptions>? configureHost = null)
    {
        var logs = new TestLogSink();
        var options = new GrpcHostOptions
        {
            ConfigureGrpc = configureGrpc,
            ConfigureLogging = logging => logging
                .SetMinimumLevel(LogLevel.Debug)
                .AddProvider(new TestLoggerProvider(logs)),
        };
        configureHost?.Invoke(options);
        var host = await GrpcHost.StartAsync(options, configureServices).WaitAsync(TestTimeouts.Default);
        return new TestGrpcServer(host, logs);
    }

    /// <summary>Serves the given services on a fresh server.</summary>
    public static Task<TestGrpcServer> StartAsync(params ServerServiceDefinition[] services)
        => StartAsync(s =>
        {
            foreach (var service in services)
            {
                s.AddGrpcService(service);
            }
        });

    /// <summary>Allows error log entries with this event name.</summary>
    public void ExpectError(string eventName) => _expectedErrors.Add(eventName);

    public RawGrpcClient CreateClient() => new(Host.Address);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        var unexpected = Logs.Entries
            .Where(e => e.Level >= LogLevel.Error && !_expectedErrors.Contains(e.EventId.Name ?? string.Empty))
            .ToList();
        Assert.True(unexpected.Count == 0, "Unexpected error logs:\n" + string.Join("\n", unexpected));
    }
}
