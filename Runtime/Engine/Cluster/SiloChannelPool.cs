using System.Collections.Concurrent;
using OrleansChat.Grpc.Client;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>Plaintext h2c channels to peers' cluster endpoints, one per silo address.</summary>
internal sealed class SiloChannelPool(GrpcChannelOptions channelOptions) : ISiloChannelPool, IDisposable
{
    private readonly ConcurrentDictionary<SiloAddress, Lazy<(GrpcChannel Channel, CallInvoker Invoker)>> _channels = new();

    public CallInvoker GetInvoker(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return _channels.GetOrAdd(silo, s => new Lazy<(GrpcChannel, CallInvoker)>(() =>
        {
            var channel = GrpcChannel.ForAddress("http://" + s.Endpoint, channelOptions);
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
}
