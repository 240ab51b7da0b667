namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Options of a cluster stream provider (named by the provider's name), on silos and on cluster clients. The
/// stream state on the owner silo (cache size, per-subscriber queue, limits) is set by the provider's
/// <see cref="MemoryStreamOptions"/>.
/// </summary>
public sealed class ClusterStreamOptions
{
    /// <summary>
    /// Streams owned together with a grain: stream namespace → grain type. A stream of such a namespace is owned by
    /// the silo that owns <c>GrainId(grainType, streamKey)</c>, so the grain publishes locally (e.g. "rooms" →
    /// "room": the room grain's silo owns <c>rooms/{id}</c>). Streams of other namespaces are placed by hashing the
    /// stream id. Default: empty.
    /// </summary>
    public IDictionary<string, string> Colocation { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The most subscriptions this silo serves to other silos and cluster clients at once (over all streams); more
    /// are refused with RESOURCE_EXHAUSTED. Default 10 000.
    /// </summary>
    public int MaxRemoteSubscriptions { get; set; } = 10_000;

    /// <summary>
    /// The most subscriptions this process holds on streams owned by other silos at once; more fail with
    /// <see cref="InvalidOperationException"/>. Default 10 000.
    /// </summary>
    public int MaxOutgoingSubscriptions { get; set; } = 10_000;

    /// <summary>
    /// The most publications this process has in flight to other silos at once; more fail at once with
    /// <see cref="InvalidOperationException"/> (publishing never queues without bound). Default 1 000.
    /// </summary>
    public int MaxPendingPublishes { get; set; } = 1_000;

    /// <summary>The deadline of a publication sent to the owner silo. Default 30 s.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the owner silo may take to accept a subscription (its first answer). Default 30 s.</summary>
    public TimeSpan SubscribeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a publication or subscription is sent again, to the owner found after refreshing the membership
    /// view, when the silo it went to does not own the stream or cannot be reached. Default 2.
    /// </summary>
    public int MaxOwnerRetries { get; set; } = 2;
}
