using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Streams are owned where placement puts a grain: for a namespace in <see cref="ClusterStreamOptions.Colocation"/>,
/// the grain <c>GrainId(grainType, key)</c> itself (so the grain's silo owns its stream); otherwise a grain id made
/// from the stream id (<c>GrainId("$stream:" + namespace, key)</c>), which hash placement spreads over the silos.
/// </summary>
internal sealed class PlacementStreamOwnership(IPlacementDirector placement, IOptionsMonitor<ClusterStreamOptions> options) : IStreamOwnership
{
    /// <summary>The grain type prefix of the ids that place streams without a co-located grain.</summary>
    public const string StreamGrainTypePrefix = "$stream:";

    public ValueTask<SiloAddress> GetOwnerAsync(string providerName, StreamId streamId, CancellationToken cancellationToken) =>
        placement.PlaceAsync(PlacementId(options.Get(providerName), streamId), cancellationToken);

    /// <summary>The grain id whose placement decides the stream's owner.</summary>
    public static GrainId PlacementId(ClusterStreamOptions options, StreamId streamId) =>
        options.Colocation.TryGetValue(streamId.Namespace, out var grainType)
            ? new GrainId(grainType, streamId.Key)
            : new GrainId(StreamGrainTypePrefix + streamId.Namespace, streamId.Key);
}
