using Microsoft.Extensions.Logging;

namespace OrleansChat.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 2301, EventName = "StorageInitialized", Level = LogLevel.Information,
        Message = "Grain storage '{StorageName}' ready (SQLite {DataSource}, table {TableName})")]
    public static partial void Initialized(ILogger logger, string storageName, string dataSource, string tableName);

    [LoggerMessage(EventId = 2302, EventName = "StateWritten", Level = LogLevel.Trace,
        Message = "Grain storage '{StorageName}' wrote {GrainId} state '{StateName}' with etag {Etag}")]
    public static partial void Written(ILogger logger, string storageName, string grainId, string stateName, string etag);

    [LoggerMessage(EventId = 2303, EventName = "WriteBatchFailed", Level = LogLevel.Warning,
        Message = "Grain storage '{StorageName}' could not commit a batch of {Count} writes; each fails with the cause")]
    public static partial void BatchFailed(ILogger logger, string storageName, int count, Exception exception);
}
