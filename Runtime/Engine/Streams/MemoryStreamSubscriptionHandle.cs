using Google.Protobuf;
using OrleansChat.Runtime.Scheduling;

namespace OrleansChat.Runtime.Streams;

/// <summary>The handle of an in-memory stream subscription.</summary>
internal sealed class MemoryStreamSubscriptionHandle<T>(StreamQueue<T> stream, StreamSubscription<T> subscription) : StreamSubscriptionHandle<T>
    where T : class, IMessage<T>, new()
{
    public override StreamId StreamId => stream.StreamId;

    public override Guid HandleId => subscription.HandleId;

    public override Task UnsubscribeAsync()
    {
        stream.Unsubscribe(subscription);
        return Task.CompletedTask;
    }

    public override Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null)
    {
        stream.Unsubscribe(subscription);
        var resumed = stream.Subscribe(observer, token, subscription.HandleId, RuntimeContext.Current);
        return Task.FromResult<StreamSubscriptionHandle<T>>(new MemoryStreamSubscriptionHandle<T>(stream, resumed));
    }

    public override bool Equals(object? obj) => obj is MemoryStreamSubscriptionHandle<T> other && other.HandleId == HandleId;

    public override int GetHashCode() => HandleId.GetHashCode();
}
