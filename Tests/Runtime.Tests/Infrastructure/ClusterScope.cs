using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Testing;

namespace OrleansChat.Runtime.Tests.Infrastructure;

/// <summary>A test cluster of its own for one test; disposing it stops the cluster and fails the test on any Error log.</summary>
internal sealed class ClusterScope : IAsyncDisposable
{
    private ClusterScope(TestCluster cluster, ErrorLogSink errors, GrainProbe probe)
    {
        Cluster = cluster;
        Errors = errors;
        Probe = probe;
    }

    public TestCluster Cluster { get; }

    public ErrorLogSink Errors { get; }

    public GrainProbe Probe { get; }

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    public static async Task<ClusterScope> StartAsync(Action<IServiceCollection> configure, GrainProbe? probe = null)
    {
        var errors = new ErrorLogSink();
        probe ??= new GrainProbe();
        var cluster = await TestCluster.StartAsync(Options(configure, errors, probe));
        return new ClusterScope(cluster, errors, probe);
    }

    public static TestClusterOptions Options(Action<IServiceCollection> configure, ErrorLogSink errors, GrainProbe probe) => new()
    {
        ConfigureLogging = logging => logging.AddProvider(errors),
        ConfigureServices = services =>
        {
            services.AddSingleton(probe);
            configure(services);
        },
    };

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Assert.Empty(Errors.Errors);
    }
}
