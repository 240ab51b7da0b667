using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Streams;

internal static partial class ClusterStreamsLog
{
    [LoggerMessage(EventId = 2420, EventName = "ClusterStreamRemoteSubscribed", Level = LogLevel.Debug,
        Message = "Subscription {HandleId} to stream {StreamId} opened on owner {Owner}, starting at token {NextToken}")]
    public static partial void RemoteSubscribed(ILogger logger, StreamId streamId, Guid handleId, string owner, long nextToken);

    [LoggerMessage(EventId = 2421, EventName = "ClusterStreamRemoteSubscriptionEnded", Level = LogLevel.Information,
        Message = "Subscription {HandleId} to stream {StreamId} on owner {Owner} was ended by the owner ({Reason}); resume from token {NextToken}")]
    public static partial void RemoteSubscriptionEnded(ILogger logger, StreamId streamId, Guid handleId, string owner, string reason, long nextToken);

    [LoggerMessage(EventId = 2422, EventName = "ClusterStreamRemoteSubscriptionBroken", Level = LogLevel.Warning,
        Message = "Subscription {HandleId} to stream {StreamId} lost its owner {Owner}; resume from token {NextToken}")]
    public static partial void RemoteSubscriptionBroken(ILogger logger, StreamId streamId, Guid handleId, string owner, long nextToken, Exception? exception);

    [LoggerMessage(EventId = 2423, EventName = "ClusterStreamSubscriberFailed", Level = LogLevel.Warning,
        Message = "Subscriber {HandleId} of stream {StreamId} failed on item {Sequence}; delivery continues")]
    public static partial void SubscriberFailed(ILogger logger, StreamId streamId, Guid handleId, long sequence, Exception exception);

    [LoggerMessage(EventId = 2424, EventName = "ClusterStreamServingSubscription", Level = LogLevel.Debug,
        Message = "Serving subscription {HandleId} to stream {StreamId} for {Peer}, starting at token {NextToken}")]
    public static partial void ServingSubscription(ILogger logger, StreamId streamId, Guid handleId, string peer, long nextToken);

    [LoggerMessage(EventId = 2425, EventName = "ClusterStreamsReleased", Level = LogLevel.Information,
        Message = "Stream provider {Provider} released {Count} streams it no longer owns; their subscribers move to the new owners")]
    public static partial void StreamsReleased(ILogger logger, string provider, int count);

    [LoggerMessage(EventId = 2426, EventName = "ClusterStreamOwnerRedirect", Level = LogLevel.Debug,
        Message = "Stream {StreamId}: silo {Owner} does not own it or cannot be reached ({StatusCode}); refreshing membership (attempt {Attempt})")]
    public static partial void OwnerRedirect(ILogger logger, StreamId streamId, string owner, StatusCode statusCode, int attempt);

    [LoggerMessage(EventId = 2427, EventName = "ClusterStreamMembershipWatchFailed", Level = LogLevel.Error,
        Message = "Stream provider {Provider} failed to apply a membership change; it retries on the next one")]
    public static partial void MembershipWatchFailed(ILogger logger, string provider, Exception exception);

    [LoggerMessage(EventId = 2428, EventName = "ClusterStreamViewRefreshFailed", Level = LogLevel.Warning,
        Message = "Stream {StreamId}: refreshing the membership view failed; using the current one")]
    public static partial void ViewRefreshFailed(ILogger logger, StreamId streamId, Exception exception);

    [LoggerMessage(EventId = 2429, EventName = "ClusterStreamsStopped", Level = LogLevel.Information,
        Message = "Stream provider {Provider} stopped: ended the subscriptions of {Count} owned streams (graceful: {Graceful})")]
    public static partial void Stopped(ILogger logger, string provider, int count, bool graceful);

    [LoggerMessage(EventId = 2430, EventName = "ClusterStreamOwnerLeft", Level = LogLevel.Information,
        Message = "Owner {Owner} of subscription {HandleId} to stream {StreamId} left the membership view; ending the subscription")]
    public static partial void OwnerLeft(ILogger logger, StreamId streamId, Guid handleId, string owner);

    [LoggerMessage(EventId = 2431, EventName = "ClusterStreamObserverFailed", Level = LogLevel.Warning,
        Message = "Subscriber {HandleId} of stream {StreamId} failed while being told its subscription ended")]
    public static partial void ObserverFailed(ILogger logger, StreamId streamId, Guid handleId, Exception exception);

    [LoggerMessage(EventId = 2432, EventName = "ClusterStreamSubscriberGone", Level = LogLevel.Debug,
        Message = "Remote subscriber {HandleId} of stream {StreamId} is gone; dropped an event")]
    public static partial void SubscriberGone(ILogger logger, StreamId streamId, Guid handleId, Exception? exception);

    [LoggerMessage(EventId = 2433, EventName = "ClusterStreamPayloadInvalid", Level = LogLevel.Error,
        Message = "Subscription {HandleId} to stream {StreamId}: item {Sequence} from owner {Owner} is not a valid {ItemType}; skipped")]
    public static partial void PayloadInvalid(ILogger logger, StreamId streamId, Guid handleId, long sequence, string owner, string itemType, Exception exception);

    [LoggerMessage(EventId = 2434, EventName = "ClusterStreamDrainFailed", Level = LogLevel.Debug,
        Message = "Subscription {HandleId} to stream {StreamId}: the owner's call closed with {StatusCode} after it ended the subscription")]
    public static partial void DrainFailed(ILogger logger, StreamId streamId, Guid handleId, StatusCode statusCode);

    [LoggerMessage(EventId = 2435, EventName = "ClusterStreamServeFailed", Level = LogLevel.Error,
        Message = "Serving a call for stream {StreamId} failed unexpectedly")]
    public static partial void ServeFailed(ILogger logger, StreamId streamId, Exception exception);
}
