using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Cluster;

namespace OrleansChat.Runtime.Testing;

/// <summary>An in-process cluster client of a <see cref="TestCluster"/> (a gateway-like process hosting no grains).</summary>
public sealed class ClusterClientHandle : IAsyncDisposable
{
    private int _disposed;

    internal ClusterClientHandle(IHost host)
    {
        Host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The client; also its <see cref="IGrainFactory"/>.</summary>
    public IClusterClient Client { get; }

    /// <summary>The client's grain factory.</summary>
    public IGrainFactory GrainFactory => Client;

    /// <summary>The host running the client.</summary>
    public IHost Host { get; }

    /// <summary>The client's services.</summary>
    public IServiceProvider Services => Host.Services;

    /// <summary>Stops and disposes the client (the cluster does this on dispose too).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await Host.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            if (Host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                Host.Dispose();
            }
        }
    }
}
