using OrleansChat.Grpc;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// A gRPC service the silo's cluster endpoint serves to peers and cluster clients (grain calls, streams).
/// Register implementations as singletons; the cluster endpoint maps every one at start.
/// </summary>
public interface IClusterEndpointService
{
    /// <summary>The service's methods bound to their handlers.</summary>
    ServerServiceDefinition BuildDefinition();
}
