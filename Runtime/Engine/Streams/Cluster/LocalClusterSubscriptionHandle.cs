using Google.Protobuf;
using OrleansChat.Runtime.Scheduling;
using OrleansChat.Runtime.Streams.Protocol;

namespace OrleansChat.Runtime.Streams;

/// <summary>The handle of a subscription to a stream this silo owns (served from its local queue).</summary>
internal sealed class LocalClusterSubscriptionHandle<T>(
    ClusterStreamProvider provider,
    StreamQueue<StreamItemPayload> queue,
    StreamSubscription<StreamItemPayload> subscription) : StreamSubscriptionHandle<T>
    where T : class, IMessage<T>, new()
{
    public override StreamId StreamId => queue.StreamId;

    public override Guid HandleId => subscription.HandleId;

    public override Task UnsubscribeAsync()
    {
        queue.Unsubscribe(subscription);
        return Task.CompletedTask;
    }

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        queue.Unsubscribe(subscription);
        return provider.SubscribeAsync(StreamId, observer, token, HandleId, RuntimeContext.Current, CancellationToken.None);
    }

    public override bool Equals(object? obj) => obj is StreamSubscriptionHandle<T> other && other.HandleId == HandleId;

    public override int GetHashCode() => HandleId.GetHashCode();
}
