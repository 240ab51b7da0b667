using OrleansChat.Runtime.Testing;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>One clustered test cluster of three silos and a cluster client, shared by the cluster tests that only make calls.</summary>
public sealed class ThreeSiloClusterFixture : IAsyncLifetime
{
    private ClusterTestScope? _scope;
    private ClusterClientHandle? _client;

    internal ClusterTestScope Scope => _scope ?? throw new InvalidOperationException("The cluster has not started.");

    public TestCluster Cluster => Scope.Cluster;

    public ClusterProbe Probe => Scope.Probe;

    public ClusterClientHandle Client => _client ?? throw new InvalidOperationException("The cluster has not started.");

    public async Task InitializeAsync()
    {
        _scope = await ClusterTestScope.StartAsync(silos: 3);
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        _client = await _scope.Cluster.CreateClusterClientAsync(cancellationToken: timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_scope is not null)
        {
            await _scope.DisposeAsync();
        }
    }
}

/// <summary>
/// Cluster tests start many hosts and keep the CPU busy: they run on their own, after the parallel collections, so
/// they neither disturb the timing-sensitive single-silo tests nor get disturbed.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreeSiloClusterCollection : ICollectionFixture<ThreeSiloClusterFixture>
{
    public const string Name = "Three-silo cluster";
}
