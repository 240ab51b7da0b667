using Microsoft.Extensions.Logging;
using Grpc.Core;

namespace OrleansChat.Gateway;

internal static partial class GatewayLog
{
    [LoggerMessage(EventId = 4001, EventName = "SessionStarted", Level = LogLevel.Information,
        Message = "Session {SessionId} of {UserId} started from {Peer}")]
    public static partial void SessionStarted(ILogger logger, string sessionId, string userId, string peer);

    [LoggerMessage(EventId = 4002, EventName = "SessionEnded", Level = LogLevel.Debug,
        Message = "Session {SessionId} of {UserId} ended")]
    public static partial void SessionEnded(ILogger logger, string sessionId, string userId);

    [LoggerMessage(EventId = 4003, EventName = "HelloRefused", Level = LogLevel.Information,
        Message = "A session was refused with {StatusCode}: {Detail}")]
    public static partial void HelloRefused(ILogger logger, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 4004, EventName = "SlowConsumerCutOff", Level = LogLevel.Warning,
        Message = "Session {SessionId} reads too slowly: its outgoing queue is full, cutting it off")]
    public static partial void SlowConsumerCutOff(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 4010, EventName = "SessionWriteEnded", Level = LogLevel.Debug,
        Message = "Session {SessionId} can no longer write to its stream ({Reason}); ending it")]
    public static partial void SessionWriteEnded(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 4011, EventName = "SessionCloseTimedOut", Level = LogLevel.Information,
        Message = "Session {SessionId} ended but its client did not take the frames still queued in time; resetting the call")]
    public static partial void SessionCloseTimedOut(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 4006, EventName = "GrainCallFailed", Level = LogLevel.Warning,
        Message = "Session {SessionId}: {Request} failed in the grain runtime")]
    public static partial void GrainCallFailed(ILogger logger, string sessionId, string request, Exception exception);

    [LoggerMessage(EventId = 4007, EventName = "DisconnectFailed", Level = LogLevel.Warning,
        Message = "Session {SessionId} could not tell room {RoomId} it disconnected; its lease will expire instead")]
    public static partial void DisconnectFailed(ILogger logger, string sessionId, string roomId, Exception exception);

    [LoggerMessage(EventId = 4008, EventName = "RoomListUpdateFailed", Level = LogLevel.Warning,
        Message = "The room list of {UserId} could not record room {RoomId}")]
    public static partial void RoomListUpdateFailed(ILogger logger, string userId, string roomId, Exception exception);

    [LoggerMessage(EventId = 4009, EventName = "RequestFailed", Level = LogLevel.Error,
        Message = "Session {SessionId}: {Request} failed unexpectedly")]
    public static partial void RequestFailed(ILogger logger, string sessionId, string request, Exception exception);

    [LoggerMessage(EventId = 4106, EventName = "RoomFeedGap", Level = LogLevel.Error,
        Message = "Room {RoomId} skipped from seq {LastSeq} to {Seq} for session {SessionId}; cutting the session off so it resumes")]
    public static partial void RoomFeedGap(ILogger logger, string roomId, long lastSeq, long seq, string sessionId);

    [LoggerMessage(EventId = 4101, EventName = "RoomFeedSubscribed", Level = LogLevel.Debug,
        Message = "Gateway subscribed to room {RoomId}")]
    public static partial void RoomFeedSubscribed(ILogger logger, string roomId);

    [LoggerMessage(EventId = 4102, EventName = "RoomFeedResuming", Level = LogLevel.Warning,
        Message = "Gateway fell behind room {RoomId}; resuming its stream from token {Token}")]
    public static partial void RoomFeedResuming(ILogger logger, string roomId, long token);

    [LoggerMessage(EventId = 4103, EventName = "RoomFeedLost", Level = LogLevel.Error,
        Message = "The stream of room {RoomId} failed; its sessions are cut off and must resume")]
    public static partial void RoomFeedLost(ILogger logger, string roomId, Exception exception);

    [LoggerMessage(EventId = 4104, EventName = "RoomFeedCompleted", Level = LogLevel.Warning,
        Message = "The stream of room {RoomId} completed; its sessions are cut off and must resume")]
    public static partial void RoomFeedCompleted(ILogger logger, string roomId);

    [LoggerMessage(EventId = 4105, EventName = "RoomFeedUnsubscribeFailed", Level = LogLevel.Warning,
        Message = "Gateway could not unsubscribe from room {RoomId}")]
    public static partial void RoomFeedUnsubscribeFailed(ILogger logger, string roomId, Exception exception);

    [LoggerMessage(EventId = 4201, EventName = "LeaseRenewalFailed", Level = LogLevel.Warning,
        Message = "Renewing the session leases in room {RoomId} failed; retrying next round")]
    public static partial void LeaseRenewalFailed(ILogger logger, string roomId, Exception exception);

    [LoggerMessage(EventId = 4202, EventName = "LeaseRejected", Level = LogLevel.Information,
        Message = "Room {RoomId} no longer accepts session {SessionId}")]
    public static partial void LeaseRejected(ILogger logger, string roomId, string sessionId);
}
