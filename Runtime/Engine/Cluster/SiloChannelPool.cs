using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// Plaintext h2c channels to peers' cluster endpoints, one per silo address, each with its own
/// <see cref="SocketsHttpHandler"/> (disposed with the channel). A channel keeps its connections for the silo's
/// lifetime, opens more when one reaches the peer's stream limit, and pings a connection with calls in flight that
/// has been silent for <see cref="KeepAlivePingDelay"/>, so a peer that vanished without closing its sockets is noticed.
/// </summary>
internal sealed class SiloChannelPool(ILoggerFactory loggerFactory) : ISiloChannelPool, IDisposable
{
    /// <summary>How long opening a connection to a silo may take before its calls fail.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>A connection with calls in flight is pinged after this much silence.</summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);

    /// <summary>A ping not acknowledged within this closes the connection (its calls fail).</summary>
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<SiloAddress, Lazy<(GrpcChannel Channel, CallInvoker Invoker)>> _channels = new();

    public CallInvoker GetInvoker(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return _channels.GetOrAdd(silo, s => new Lazy<(GrpcChannel, CallInvoker)>(() =>
        {
            var channel = CreateChannel(s);
            return (channel, channel.CreateCallInvoker());
        })).Value.Invoker;
    }

    public void Remove(SiloAddress silo)
    {
        if (_channels.TryRemove(silo, out var entry) && entry.IsValueCreated)
        {
            entry.Value.Channel.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var silo in _channels.Keys)
        {
            Remove(silo);
        }
    }

    private GrpcChannel CreateChannel(SiloAddress silo) =>
        GrpcChannel.ForAddress("http://" + silo.Endpoint, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                ConnectTimeout = ConnectTimeout,
                KeepAlivePingDelay = KeepAlivePingDelay,
                KeepAlivePingTimeout = KeepAlivePingTimeout,
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,

                // h2c with prior knowledge cannot go through an HTTP proxy; silos connect directly.
                UseProxy = false,
            },
            DisposeHttpClient = true,
            MaxReceiveMessageSize = ClusterEndpoint.MaxMessageSize,
            MaxSendMessageSize = ClusterEndpoint.MaxMessageSize,
            LoggerFactory = loggerFactory,
        });
}
