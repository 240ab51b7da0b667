using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Membership;

internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 2701, EventName = "MembershipJoined", Level = LogLevel.Information,
        Message = "Silo {Silo} ({Name}) joined cluster {ClusterId}; {PeerCount} other silos alive in the table")]
    public static partial void Joined(ILogger logger, SiloAddress silo, string name, string clusterId, int peerCount);

    [LoggerMessage(EventId = 2702, EventName = "MembershipStatusChanged", Level = LogLevel.Information,
        Message = "Membership view {Version}: silo {Silo} ({Name}) is {Status} (was {PreviousStatus})")]
    public static partial void StatusChanged(ILogger logger, long version, SiloAddress silo, string name, SiloStatus status, SiloStatus previousStatus);

    [LoggerMessage(EventId = 2703, EventName = "MembershipRowRemoved", Level = LogLevel.Debug,
        Message = "Membership view {Version}: the row of silo {Silo} was removed from the table")]
    public static partial void RowRemoved(ILogger logger, long version, SiloAddress silo);

    [LoggerMessage(EventId = 2704, EventName = "MembershipDeclaredDeadNoHeartbeat", Level = LogLevel.Warning,
        Message = "Declared silo {Silo} ({Name}) dead: its last heartbeat is {HeartbeatAge} old, more than MembershipOptions.DeathTimeout ({DeathTimeout})")]
    public static partial void DeclaredDeadNoHeartbeat(ILogger logger, SiloAddress silo, string name, TimeSpan heartbeatAge, TimeSpan deathTimeout);

    [LoggerMessage(EventId = 2705, EventName = "MembershipDeclaredDeadUnreachable", Level = LogLevel.Warning,
        Message = "Declared silo {Silo} ({Name}) dead: it is unreachable and its last heartbeat is {HeartbeatAge} old, more than MembershipOptions.UnreachableGracePeriod ({GracePeriod})")]
    public static partial void DeclaredDeadUnreachable(ILogger logger, SiloAddress silo, string name, TimeSpan heartbeatAge, TimeSpan gracePeriod);

    [LoggerMessage(EventId = 2706, EventName = "MembershipSelfDeclaredDead", Level = LogLevel.Critical,
        Message = "This silo {Silo} reads itself {Status} in the membership table: a peer declared it dead (a partition or a long pause); it must stop")]
    public static partial void SelfDeclaredDead(ILogger logger, SiloAddress silo, SiloStatus status);

    [LoggerMessage(EventId = 2707, EventName = "MembershipTableFailed", Level = LogLevel.Warning,
        Message = "Membership table operation {Operation} failed; retrying on the next tick")]
    public static partial void TableFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 2708, EventName = "MembershipPauseDetected", Level = LogLevel.Warning,
        Message = "The heartbeat loop of silo {Silo} ran {Gap} after its previous tick (MembershipOptions.HeartbeatInterval {Interval}): the process was paused or starved; it declares no peer dead until it has run steadily for {Settle}")]
    public static partial void PauseDetected(ILogger logger, SiloAddress silo, TimeSpan gap, TimeSpan interval, TimeSpan settle);

    [LoggerMessage(EventId = 2709, EventName = "MembershipDefunctCleaned", Level = LogLevel.Information,
        Message = "Deleted {Count} rows of silos dead for more than MembershipOptions.DefunctRetention")]
    public static partial void DefunctCleaned(ILogger logger, int count);

    [LoggerMessage(EventId = 2710, EventName = "MembershipStopped", Level = LogLevel.Information,
        Message = "Membership agent of silo {Silo} stopped ({Mode})")]
    public static partial void Stopped(ILogger logger, SiloAddress silo, string mode);

    [LoggerMessage(EventId = 2711, EventName = "MembershipDeclaredDeadCallbackFailed", Level = LogLevel.Error,
        Message = "A callback registered on DeclaredDead of silo {Silo} failed")]
    public static partial void DeclaredDeadCallbackFailed(ILogger logger, SiloAddress silo, Exception exception);

    [LoggerMessage(EventId = 2712, EventName = "MembershipReaderStarted", Level = LogLevel.Information,
        Message = "Membership reader of cluster {ClusterId} started; {ActiveCount} active silos")]
    public static partial void ReaderStarted(ILogger logger, string clusterId, int activeCount);

    [LoggerMessage(EventId = 2713, EventName = "MembershipSqliteInitialized", Level = LogLevel.Information,
        Message = "SQLite membership table ready in {DataSource} for cluster {ClusterId}")]
    public static partial void SqliteInitialized(ILogger logger, string dataSource, string clusterId);
}
