using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Streams;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Streams;

/// <summary>
/// Silos and cluster clients of cluster streams in one test, without the rest of the runtime: each silo is a
/// <see cref="ClusterEndpointHost"/> on 127.0.0.1:0 serving the stream endpoint, all share a membership view and a stream
/// ownership (or placement) the test controls, and connect to each other with the real <see cref="SiloChannelPool"/>.
/// Disposing stops everything and fails the test on any Error log.
/// </summary>
internal sealed class ClusterStreamHarness : IAsyncDisposable
{
    public const string Provider = "Default";

    private readonly List<IAsyncDisposable> _processes = [];
    private readonly bool _placementOwnership;
    private int _generation;

    /// <param name="placementOwnership">
    /// True: streams are owned by the provider's default ownership over <see cref="Placement"/> (so
    /// <see cref="ClusterStreamOptions.Colocation"/> applies); false: by <see cref="Ownership"/>, stream by stream.
    /// </param>
    public ClusterStreamHarness(bool placementOwnership = false)
    {
        _placementOwnership = placementOwnership;
    }

    public ClusterStreamTestView View { get; } = new();

    public ClusterStreamTestOwnership Ownership { get; } = new();

    public ClusterStreamTestPlacement Placement { get; } = new();

    public ErrorLogSink Errors { get; } = new();

    /// <summary>Starts a silo and marks it active in the view.</summary>
    public async Task<ClusterStreamSilo> StartSiloAsync(string name, Action<MemoryStreamOptions>? memory = null, Action<ClusterStreamOptions>? cluster = null)
    {
        var details = new TestSiloDetails(name);
        var host = await ClusterEndpointHost.StartAsync(
            new IPEndPoint(IPAddress.Loopback, 0),
            logging => logging.AddProvider(Errors),
            services =>
            {
                services.AddSingleton<ILocalSiloDetails>(details);
                AddClusterServices(services);
                services.AddClusterStreams(Provider, memory, cluster);
            },
            endpoints => endpoints.MapGrpcService(endpoints.ServiceProvider.GetServices<IClusterEndpointService>().Single().BuildDefinition()),
            CancellationToken.None);
        details.SiloAddress = new SiloAddress("127.0.0.1:" + host.Port, Interlocked.Increment(ref _generation));
        var silo = new ClusterStreamSilo(name, details.SiloAddress, host);
        _processes.Add(silo);
        View.SetStatus(silo.Address, SiloStatus.Active);
        return silo;
    }

    /// <summary>Starts a cluster client: a process with the client stream provider and no endpoint.</summary>
    public async Task<ClusterStreamClient> StartClientAsync(Action<ClusterStreamOptions>? cluster = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(Errors);
        AddClusterServices(builder.Services);
        builder.Services.AddClusterClientStreams(Provider, cluster);
        var host = builder.Build();
        await host.StartAsync();
        var client = new ClusterStreamClient(host);
        _processes.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        // Subscribers leave first and owners see every call cancelled before they stop, so no owner ends a call while
        // its subscriber is resetting it.
        var silos = _processes.OfType<ClusterStreamSilo>().Where(s => s.IsRunning).ToList();
        foreach (var provider in silos.Select(s => s.Provider).Concat(_processes.OfType<ClusterStreamClient>().Select(c => c.Provider)))
        {
            provider.CancelOutgoingSubscriptions();
        }

        using (var timeout = new CancellationTokenSource(TestTimeouts.Signal))
        {
            while (silos.Any(s => s.Provider.RemoteSubscriptionsServed > 0))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
            }
        }

        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        Assert.True(Errors.Errors.Count == 0, "Unexpected Error logs:\n" + string.Join("\n", Errors.Errors));
    }

    private void AddClusterServices(IServiceCollection services)
    {
        services.AddSingleton<IClusterMembershipView>(View);
        if (_placementOwnership)
        {
            services.AddSingleton<IPlacementDirector>(Placement);
        }
        else
        {
            services.AddSingleton<IStreamOwnership>(Ownership);
        }

        services.AddSingleton<ISiloChannelPool>(sp => new SiloChannelPool(sp.GetRequiredService<ILoggerFactory>()));
    }

    private sealed class TestSiloDetails(string name) : ILocalSiloDetails
    {
        public string Name => name;

        /// <summary>Set once the host listens (its port is the address); nothing is sent to the silo before.</summary>
        public SiloAddress SiloAddress { get; set; } = new(name, 0);
    }
}
