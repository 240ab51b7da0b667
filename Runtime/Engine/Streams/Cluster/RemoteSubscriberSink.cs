using Grpc.Core;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Streams.Protocol;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// On the owner, the local subscriber standing for a remote one: the subscription's delivery loop calls it one item at
/// a time, so it is the single writer of the call's response stream. A slow subscriber makes its writes wait (HTTP/2
/// flow control), the local subscription's bounded queue fills and overflows, and the overflow is sent as an
/// <c>ended</c> event, as is the end of the subscription when the stream moves or the owner stops.
/// </summary>
internal sealed class RemoteSubscriberSink(
    IServerStreamWriter<StreamEvent> writer,
    StreamId streamId,
    Guid handleId,
    CancellationToken callToken,
    ILogger logger) : IAsyncObserver<StreamItemPayload>
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The <c>started</c> event was written (or failed): items may follow.</summary>
    public void Start() => _started.TrySetResult();

    public Task OnNextAsync(StreamItemPayload item, StreamSequenceToken? token = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        return WriteAsync(new StreamEvent { Item = new StreamItemEvent { Token = token.SequenceNumber, Payload = item.Data } });
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => WriteAsync(new StreamEvent { Ended = ToEnded(ex) });

    private static SubscriptionEnded ToEnded(Exception exception) => exception switch
    {
        StreamSubscriberOverflowException overflow => new SubscriptionEnded
        {
            Reason = SubscriptionEnded.Types.Reason.Overflow,
            NextToken = overflow.NextToken?.SequenceNumber ?? 0,
            QueueCapacity = overflow.QueueCapacity,
        },
        StreamOwnerChangedException moved => new SubscriptionEnded
        {
            Reason = moved.Reason == StreamOwnerChangeReason.OwnerStopping ? SubscriptionEnded.Types.Reason.OwnerStopping : SubscriptionEnded.Types.Reason.OwnershipMoved,
            NextToken = moved.NextToken?.SequenceNumber ?? 0,
        },
        _ => new SubscriptionEnded { Reason = SubscriptionEnded.Types.Reason.Unspecified },
    };

    private async Task WriteAsync(StreamEvent streamEvent)
    {
        await _started.Task.ConfigureAwait(false);
        if (callToken.IsCancellationRequested)
        {
            ClusterStreamsLog.SubscriberGone(logger, streamId, handleId, null);
            return;
        }

        try
        {
            await writer.WriteAsync(streamEvent, callToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (callToken.IsCancellationRequested)
        {
            // The subscriber cancelled (unsubscribed or went away) while the write waited: the subscription is ending.
            ClusterStreamsLog.SubscriberGone(logger, streamId, handleId, exception);
        }
    }
}
