using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime;

internal static partial class ObserverManagerLog
{
    [LoggerMessage(EventId = 1001, EventName = "ObserverSubscribed", Level = LogLevel.Debug,
        Message = "Observer of {ObserverType} subscribed; {Count} observers")]
    public static partial void Subscribed(ILogger logger, string observerType, int count);

    [LoggerMessage(EventId = 1002, EventName = "ObserverExpired", Level = LogLevel.Debug,
        Message = "Observer of {ObserverType} expired without renewal and was removed")]
    public static partial void Expired(ILogger logger, string observerType);

    [LoggerMessage(EventId = 1003, EventName = "ObserverRemovedAfterFailure", Level = LogLevel.Warning,
        Message = "Observer of {ObserverType} failed or timed out and was removed")]
    public static partial void RemovedFailed(ILogger logger, string observerType, Exception exception);
}
