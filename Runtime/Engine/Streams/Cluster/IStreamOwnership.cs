using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Decides which silo owns a stream of a cluster stream provider: the one silo that keeps its sequence, cache and
/// subscriptions. The answer depends on the membership view, so it may change when membership does. The default,
/// registered by <c>AddClusterStreams</c>, asks <see cref="IPlacementDirector"/> (see <see cref="ClusterStreamOptions.Colocation"/>);
/// replace it to place streams otherwise.
/// </summary>
public interface IStreamOwnership
{
    /// <summary>The silo that owns <paramref name="streamId"/> of the provider named <paramref name="providerName"/>.</summary>
    ValueTask<SiloAddress> GetOwnerAsync(string providerName, StreamId streamId, CancellationToken cancellationToken);
}
