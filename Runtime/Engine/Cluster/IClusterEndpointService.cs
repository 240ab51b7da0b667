using Grpc.Core;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// A gRPC service the silo's cluster endpoint serves to peers and cluster clients (grain calls, streams).
/// Register implementations as singletons; the cluster endpoint maps every one at start
/// (grpc-dotnet's <c>MapGrpcService(ServerServiceDefinition)</c>), so calls reach the silo's own instance.
/// </summary>
public interface IClusterEndpointService
{
    /// <summary>The service's methods bound to their handlers.</summary>
    ServerServiceDefinition BuildDefinition();
}
