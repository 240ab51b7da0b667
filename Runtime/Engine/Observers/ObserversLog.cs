using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Observers;

internal static partial class ObserversLog
{
    [LoggerMessage(EventId = 2501, EventName = "ObserverReferenceCreated", Level = LogLevel.Debug, Message = "Observer reference {ObserverId} created for {InterfaceName}")]
    public static partial void Created(ILogger logger, Guid observerId, string interfaceName);

    [LoggerMessage(EventId = 2502, EventName = "ObserverReferenceDeleted", Level = LogLevel.Debug, Message = "Observer reference {ObserverId} deleted")]
    public static partial void Deleted(ILogger logger, Guid observerId);

    [LoggerMessage(EventId = 2503, EventName = "ObserverLoopFailed", Level = LogLevel.Error, Message = "Delivery loop of observer reference {ObserverId} failed")]
    public static partial void LoopFailed(ILogger logger, Guid observerId, Exception exception);
}
