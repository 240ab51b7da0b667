using Google.Protobuf;
using OrleansChat.Runtime.Scheduling;

namespace OrleansChat.Runtime.Streams;

/// <summary>A stream of the in-memory provider: a thin view over its <see cref="StreamQueue{T}"/>.</summary>
internal sealed class MemoryAsyncStream<T>(string providerName, StreamQueue<T> queue) : IAsyncStream<T>
    where T : class, IMessage<T>, new()
{
    public StreamId StreamId => queue.StreamId;

    public string ProviderName => providerName;

    public Task<StreamSequenceToken> OnNextAsync(T item, StreamSequenceToken? token = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(queue.Publish(item, token));
    }

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var subscription = queue.Subscribe(observer, token, Guid.NewGuid(), RuntimeContext.Current);
        return Task.FromResult<StreamSubscriptionHandle<T>>(new MemoryStreamSubscriptionHandle<T>(queue, subscription));
    }

    public Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles()
    {
        IList<StreamSubscriptionHandle<T>> handles = queue.GetSubscriptions(RuntimeContext.Current)
            .Select(s => (StreamSubscriptionHandle<T>)new MemoryStreamSubscriptionHandle<T>(queue, s))
            .ToList();
        return Task.FromResult(handles);
    }

    public override string ToString() => ProviderName + ":" + StreamId;
}
