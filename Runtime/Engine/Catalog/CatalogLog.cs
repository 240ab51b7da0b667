using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Catalog;

internal static partial class CatalogLog
{
    [LoggerMessage(EventId = 2001, EventName = "ActivationCreated", Level = LogLevel.Debug, Message = "Creating activation of grain {GrainId}")]
    public static partial void ActivationCreated(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 2002, EventName = "Activated", Level = LogLevel.Debug, Message = "Grain {GrainId} activated")]
    public static partial void Activated(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 2003, EventName = "ActivationFailed", Level = LogLevel.Warning,
        Message = "Activation of grain {GrainId} failed; pending calls get the exception and the next call activates afresh")]
    public static partial void ActivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 2004, EventName = "Deactivating", Level = LogLevel.Debug, Message = "Deactivating grain {GrainId} ({Reason})")]
    public static partial void Deactivating(ILogger logger, GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 2005, EventName = "Deactivated", Level = LogLevel.Debug, Message = "Grain {GrainId} deactivated ({Reason})")]
    public static partial void Deactivated(ILogger logger, GrainId grainId, DeactivationReasonCode reason);

    [LoggerMessage(EventId = 2006, EventName = "DeactivationFailed", Level = LogLevel.Warning, Message = "OnDeactivateAsync of grain {GrainId} failed")]
    public static partial void DeactivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 2007, EventName = "Abandoned", Level = LogLevel.Debug, Message = "Activation of grain {GrainId} abandoned without deactivation")]
    public static partial void Abandoned(ILogger logger, GrainId grainId);

    [LoggerMessage(EventId = 2008, EventName = "ResourceReleaseFailed", Level = LogLevel.Warning, Message = "Releasing a resource of grain {GrainId} failed")]
    public static partial void ResourceReleaseFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 2009, EventName = "Forwarded", Level = LogLevel.Debug, Message = "Forwarded {Count} queued work items of grain {GrainId} to its new activation")]
    public static partial void Forwarded(ILogger logger, GrainId grainId, int count);

    [LoggerMessage(EventId = 2010, EventName = "CollectionRequested", Level = LogLevel.Debug, Message = "Asked {Count} idle activations to deactivate")]
    public static partial void CollectionRequested(ILogger logger, int count);

    [LoggerMessage(EventId = 2011, EventName = "CollectorFailed", Level = LogLevel.Error, Message = "The activation collector failed")]
    public static partial void CollectorFailed(ILogger logger, Exception exception);
}
