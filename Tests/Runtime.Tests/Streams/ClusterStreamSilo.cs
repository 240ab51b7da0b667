using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Streams;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Streams;

/// <summary>A silo of a <see cref="ClusterStreamHarness"/>.</summary>
internal sealed class ClusterStreamSilo(string name, SiloAddress address, ClusterEndpointHost host) : IAsyncDisposable
{
    public string Name => name;

    public SiloAddress Address => address;

    /// <summary>False once the test stopped or killed the silo.</summary>
    public bool IsRunning { get; private set; } = true;

    public IServiceProvider Services => host.Services;

    public ClusterStreamProvider Provider => (ClusterStreamProvider)Services.GetStreamProvider(ClusterStreamHarness.Provider);

    public IAsyncStream<StreamItem> Stream(StreamId streamId) => Provider.GetStream<StreamItem>(streamId);

    /// <summary>Crashes the silo: a stop with a cancelled token aborts its connections and announces nothing.</summary>
    public async Task KillAsync()
    {
        IsRunning = false;
        await host.StopAsync(new CancellationToken(canceled: true));
        await host.DisposeAsync();
    }

    /// <summary>Stops the silo gracefully.</summary>
    public Task StopAsync()
    {
        IsRunning = false;
        return host.StopAsync(CancellationToken.None);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    public override string ToString() => name + " (" + address + ")";
}
