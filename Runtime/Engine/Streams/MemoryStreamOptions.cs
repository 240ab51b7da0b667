namespace OrleansChat.Runtime.Streams;

/// <summary>Options of an in-memory stream provider (named by the provider's name).</summary>
public sealed class MemoryStreamOptions
{
    /// <summary>How many recent items each stream keeps for subscriptions that rewind to a token. Default 256.</summary>
    public int CacheSize { get; set; } = 256;

    /// <summary>
    /// How many items may wait for one subscriber; a subscriber that falls further behind is cut off with
    /// <see cref="StreamSubscriberOverflowException"/>. Default 1 024.
    /// </summary>
    public int SubscriberQueueCapacity { get; set; } = 1_024;

    /// <summary>The most subscriptions one stream holds. Default 10 000.</summary>
    public int MaxSubscribersPerStream { get; set; } = 10_000;

    /// <summary>The most streams the provider holds. Default 100 000.</summary>
    public int MaxStreams { get; set; } = 100_000;
}
