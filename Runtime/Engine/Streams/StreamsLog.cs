using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Streams;

internal static partial class StreamsLog
{
    [LoggerMessage(EventId = 2401, EventName = "StreamSubscribed", Level = LogLevel.Debug,
        Message = "Subscription {HandleId} to stream {StreamId} started (from token {FromToken})")]
    public static partial void Subscribed(ILogger logger, StreamId streamId, Guid handleId, long? fromToken);

    [LoggerMessage(EventId = 2402, EventName = "StreamSubscriberOverflowed", Level = LogLevel.Warning,
        Message = "Subscription {HandleId} to stream {StreamId} fell more than {Capacity} items behind and was cut off")]
    public static partial void SubscriberOverflowed(ILogger logger, StreamId streamId, Guid handleId, int capacity);

    [LoggerMessage(EventId = 2403, EventName = "StreamSubscriberFailed", Level = LogLevel.Warning,
        Message = "Subscriber {HandleId} of stream {StreamId} failed on item {Sequence}; delivery continues")]
    public static partial void SubscriberFailed(ILogger logger, StreamId streamId, Guid handleId, long sequence, Exception exception);

    [LoggerMessage(EventId = 2404, EventName = "StreamDeliveryLoopFailed", Level = LogLevel.Error,
        Message = "Delivery loop of subscription {HandleId} to stream {StreamId} failed")]
    public static partial void DeliveryLoopFailed(ILogger logger, StreamId streamId, Guid handleId, Exception exception);
}
