using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Testing;
using OrleansChat.Runtime.Tests.Grains;

namespace OrleansChat.Runtime.Tests.Infrastructure;

/// <summary>One cluster shared by tests that only call grains (Orleans' DefaultCluster pattern); destructive tests start their own.</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    private readonly ErrorLogSink _errors = new();
    private TestCluster? _cluster;

    public GrainProbe Probe { get; } = new();

    public TestCluster Cluster => _cluster ?? throw new InvalidOperationException("The shared cluster has not started.");

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(ClusterScope.Options(
            services => services
                .AddGrains(typeof(EchoGrain), typeof(TurnGrain), typeof(ObservableGrain))
                .AddMemoryGrainStorage()
                .AddMemoryStreams(),
            _errors,
            Probe));
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        Assert.Empty(_errors.Errors);
    }
}
