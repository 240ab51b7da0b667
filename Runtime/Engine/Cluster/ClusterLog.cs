using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Cluster;

internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 3001, EventName = "ConnectionOpened", Level = LogLevel.Debug, Message = "Connected to silo {Silo}")]
    public static partial void ConnectionOpened(ILogger logger, string silo);

    [LoggerMessage(EventId = 3002, EventName = "ConnectFailed", Level = LogLevel.Information,
        Message = "Could not connect to silo {Silo} ({Reason}); its queued calls will be placed again")]
    public static partial void ConnectFailed(ILogger logger, string silo, string reason);

    [LoggerMessage(EventId = 3003, EventName = "ConnectionClosed", Level = LogLevel.Information,
        Message = "Connection to silo {Silo} ended ({Reason}); {Pending} calls waiting on it failed")]
    public static partial void ConnectionClosed(ILogger logger, string silo, string reason, int pending);

    [LoggerMessage(EventId = 3004, EventName = "CallPlacedAgain", Level = LogLevel.Debug,
        Message = "Call {Method} to grain {GrainId} did not run on silo {Silo} ({Reason}); placing it again (attempt {Attempt})")]
    public static partial void CallPlacedAgain(ILogger logger, string method, GrainId grainId, string silo, string reason, int attempt);

    [LoggerMessage(EventId = 3005, EventName = "InboundConnection", Level = LogLevel.Debug, Message = "Accepted a connection from {Caller}")]
    public static partial void InboundConnection(ILogger logger, string caller);

    [LoggerMessage(EventId = 3006, EventName = "InboundRejected", Level = LogLevel.Information,
        Message = "Rejected a connection from {Caller} meant for silo {Target}: {Reason}")]
    public static partial void InboundRejected(ILogger logger, string caller, string target, string reason);

    [LoggerMessage(EventId = 3007, EventName = "InboundEnded", Level = LogLevel.Debug, Message = "Connection from {Caller} ended")]
    public static partial void InboundEnded(ILogger logger, string caller);

    [LoggerMessage(EventId = 3008, EventName = "Forwarding", Level = LogLevel.Debug,
        Message = "Forwarding a call to grain {GrainId} to silo {Silo}, its owner in this silo's view (forward {Count})")]
    public static partial void Forwarding(ILogger logger, GrainId grainId, string silo, uint count);

    [LoggerMessage(EventId = 3009, EventName = "Rebalancing", Level = LogLevel.Information,
        Message = "Membership view {Version}: deactivating {Count} grains that other silos own now")]
    public static partial void Rebalancing(ILogger logger, long version, int count);

    [LoggerMessage(EventId = 3010, EventName = "WatcherFailed", Level = LogLevel.Error, Message = "Handling a membership change failed; waiting for the next one")]
    public static partial void WatcherFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3011, EventName = "EndpointStarted", Level = LogLevel.Information,
        Message = "Cluster endpoint of silo {Silo} listening on {Address} with {ServiceCount} services")]
    public static partial void EndpointStarted(ILogger logger, string silo, string address, int serviceCount);

    [LoggerMessage(EventId = 3012, EventName = "EndpointStopped", Level = LogLevel.Debug, Message = "Cluster endpoint stopped ({How})")]
    public static partial void EndpointStopped(ILogger logger, string how);

    [LoggerMessage(EventId = 3013, EventName = "DeclaredDead", Level = LogLevel.Critical,
        Message = "Silo {Silo} reads itself dead in the membership table (peers declared it dead); it stops at once, abandoning its activations")]
    public static partial void DeclaredDead(ILogger logger, string silo);

    [LoggerMessage(EventId = 3014, EventName = "PeerDead", Level = LogLevel.Information, Message = "Silo {Silo} is dead in the membership view; failing the calls waiting on it")]
    public static partial void PeerDead(ILogger logger, string silo);

    [LoggerMessage(EventId = 3015, EventName = "ManifestFetchFailed", Level = LogLevel.Warning, Message = "Reading the grain manifest of silo {Silo} failed; trying again on the next membership change")]
    public static partial void ManifestFetchFailed(ILogger logger, string silo, Exception exception);

    [LoggerMessage(EventId = 3016, EventName = "InboundFailed", Level = LogLevel.Warning, Message = "Connection from {Caller} failed")]
    public static partial void InboundFailed(ILogger logger, string caller, Exception exception);

    [LoggerMessage(EventId = 3017, EventName = "SelfStopFailed", Level = LogLevel.Error, Message = "Silo {Silo} failed to stop after reading itself dead")]
    public static partial void SelfStopFailed(ILogger logger, string silo, Exception exception);

    [LoggerMessage(EventId = 3018, EventName = "ClientSeesCluster", Level = LogLevel.Information,
        Message = "Cluster client {Client} sees {Count} active silos and knows {InterfaceCount} grain interfaces")]
    public static partial void ClientSeesCluster(ILogger logger, string client, int count, int interfaceCount);

    [LoggerMessage(EventId = 3019, EventName = "StopStepFailed", Level = LogLevel.Warning, Message = "Silo {Silo}: {Step} failed while stopping")]
    public static partial void StopStepFailed(ILogger logger, string silo, string step, Exception exception);
}
