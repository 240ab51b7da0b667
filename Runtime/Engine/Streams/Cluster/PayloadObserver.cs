using Google.Protobuf;
using OrleansChat.Runtime.Streams.Protocol;

namespace OrleansChat.Runtime.Streams;

/// <summary>A local subscriber of an owned stream: parses each payload into the subscriber's item type.</summary>
internal sealed class PayloadObserver<T>(IAsyncObserver<T> inner) : IAsyncObserver<StreamItemPayload>
    where T : class, IMessage<T>, new()
{
    public Task OnNextAsync(StreamItemPayload item, StreamSequenceToken? token = null)
    {
        var value = new T();
        value.MergeFrom(item.Data);
        return inner.OnNextAsync(value, token);
    }

    public Task OnCompletedAsync() => inner.OnCompletedAsync();

    public Task OnErrorAsync(Exception ex) => inner.OnErrorAsync(ex);
}
