using Google.Protobuf;

namespace OrleansChat.Runtime.Streams;

/// <summary>A stream of protobuf messages; get one from <see cref="IStreamProvider.GetStream{T}"/>.</summary>
/// <typeparam name="T">The item type, a protobuf message.</typeparam>
public interface IAsyncStream<T>
    where T : class, IMessage<T>, new()
{
    /// <summary>The stream's identity.</summary>
    StreamId StreamId { get; }

    /// <summary>The name of the provider serving this stream.</summary>
    string ProviderName { get; }

    /// <summary>
    /// Publishes an item and returns its sequence token. Never waits for subscribers. The item is copied,
    /// so the caller may reuse it.
    /// </summary>
    /// <param name="item">The item.</param>
    /// <param name="token">
    /// An explicit token (e.g. a room's own sequence number) that must be greater than the last one;
    /// null to take the next number.
    /// </param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    Task<StreamSequenceToken> OnNextAsync(T item, StreamSequenceToken? token = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes an observer. With <paramref name="token"/> null, delivery starts with the next published item;
    /// otherwise it starts at <paramref name="token"/> (inclusive), replayed from the stream's cache, and
    /// continues live with no gap and no duplicate. When called inside a grain, items are delivered as turns
    /// of that grain and the subscription keeps the grain active until unsubscribed.
    /// </summary>
    /// <exception cref="StreamRewindUnavailableException">The token is not in the cache any more (or is beyond the newest item).</exception>
    Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The live subscriptions: inside a grain, those the grain made; outside grains, all of the stream's.
    /// </summary>
    Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles();
}
