using Google.Protobuf;
using OrleansChat.Runtime.Scheduling;

namespace OrleansChat.Runtime.Streams;

/// <summary>A stream of a <see cref="ClusterStreamProvider"/>: each call goes to the stream's owner, here or remote.</summary>
internal sealed class ClusterAsyncStream<T>(ClusterStreamProvider provider, StreamId streamId) : IAsyncStream<T>
    where T : class, IMessage<T>, new()
{
    public StreamId StreamId => streamId;

    public string ProviderName => provider.Name;

    public Task<StreamSequenceToken> OnNextAsync(T item, StreamSequenceToken? token = null, CancellationToken cancellationToken = default) =>
        provider.PublishAsync(streamId, item, token, cancellationToken);

    public Task<StreamSubscriptionHandle<T>> SubscribeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null, CancellationToken cancellationToken = default) =>
        provider.SubscribeAsync(streamId, observer, token, Guid.NewGuid(), RuntimeContext.Current, cancellationToken);

    public Task<IList<StreamSubscriptionHandle<T>>> GetAllSubscriptionHandles() =>
        Task.FromResult(provider.GetSubscriptionHandles<T>(streamId, RuntimeContext.Current));

    public override string ToString() => ProviderName + ":" + StreamId;
}
