using Grpc.Core;
using Grpc.Net.Client;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// One <see cref="GrpcChannel"/> (HTTP/2 connections) per peer silo, shared by every kind of cluster traffic to it.
/// A silo's <see cref="SiloAddress.Endpoint"/> is its cluster endpoint, "host:port".
/// </summary>
public interface ISiloChannelPool
{
    /// <summary>The call invoker for <paramref name="silo"/>'s cluster endpoint (the connection opens on first use).</summary>
    CallInvoker GetInvoker(SiloAddress silo);

    /// <summary>Drops (and disposes) the connection to a silo that left the cluster.</summary>
    void Remove(SiloAddress silo);
}
