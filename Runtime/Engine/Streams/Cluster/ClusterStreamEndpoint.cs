using Grpc.Core;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Streams.Protocol;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Serves <c>orleanschat.cluster.v1.ClusterStreams</c> on the silo's cluster endpoint: publications and subscriptions
/// from other silos and cluster clients to the streams this silo owns, for every cluster stream provider it hosts.
/// </summary>
internal sealed class ClusterStreamEndpoint : IClusterEndpointService
{
    private readonly Dictionary<string, ClusterStreamProvider> _providers;

    public ClusterStreamEndpoint(IEnumerable<ClusterStreamProvider> providers)
    {
        _providers = providers
            .Where(p => !p.IsClient)
            .Distinct()
            .ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public ServerServiceDefinition BuildDefinition() =>
        ServerServiceDefinition.CreateBuilder()
            .AddMethod(ClusterStreamMethods.Publish, PublishAsync)
            .AddMethod(ClusterStreamMethods.Subscribe, SubscribeAsync)
            .Build();

    private Task<StreamPublishReply> PublishAsync(StreamPublishRequest request, ServerCallContext context) =>
        Find(request.Stream).ServePublishAsync(request, context);

    private Task SubscribeAsync(StreamSubscribeRequest request, IServerStreamWriter<StreamEvent> writer, ServerCallContext context) =>
        Find(request.Stream).ServeSubscribeAsync(request, writer, context);

    private ClusterStreamProvider Find(StreamAddress? address) =>
        address is not null && _providers.TryGetValue(address.Provider, out var provider)
            ? provider
            : throw ClusterStreamErrors.InvalidRequest("This silo has no cluster stream provider named '" + address?.Provider + "'.");
}
