using Microsoft.Extensions.Logging;

namespace OrleansChat.Grains;

internal static partial class GrainsLog
{
    [LoggerMessage(EventId = 3001, EventName = "RoomActivated", Level = LogLevel.Debug,
        Message = "Room {RoomId} activated at seq {LastSeq} with {MemberCount} members")]
    public static partial void RoomActivated(ILogger logger, string roomId, long lastSeq, int memberCount);

    [LoggerMessage(EventId = 3002, EventName = "UserJoinedRoom", Level = LogLevel.Information,
        Message = "{UserId} joined room {RoomId} (session {SessionId})")]
    public static partial void UserJoined(ILogger logger, string userId, string roomId, string sessionId);

    [LoggerMessage(EventId = 3003, EventName = "UserLeftRoom", Level = LogLevel.Information,
        Message = "{UserId} left room {RoomId} ({Reason})")]
    public static partial void UserLeft(ILogger logger, string userId, string roomId, string reason);

    [LoggerMessage(EventId = 3004, EventName = "SessionLeaseExpired", Level = LogLevel.Warning,
        Message = "Session {SessionId} of {UserId} in room {RoomId} expired without renewal; its gateway is gone")]
    public static partial void LeaseExpired(ILogger logger, string roomId, string userId, string sessionId);

    [LoggerMessage(EventId = 3005, EventName = "RoomStateWriteFailed", Level = LogLevel.Error,
        Message = "Room {RoomId} could not store its state; reloading it from storage")]
    public static partial void RoomWriteFailed(ILogger logger, string roomId, Exception exception);

    [LoggerMessage(EventId = 3006, EventName = "RoomReloadFailed", Level = LogLevel.Error,
        Message = "Room {RoomId} could not reload its state; deactivating")]
    public static partial void RoomReloadFailed(ILogger logger, string roomId, Exception exception);

    [LoggerMessage(EventId = 3007, EventName = "DuplicateMessage", Level = LogLevel.Debug,
        Message = "Room {RoomId} dropped a resend of {ClientMessageId} from {UserId}; original seq {Seq}")]
    public static partial void DuplicateMessage(ILogger logger, string roomId, string userId, string clientMessageId, long seq);

    [LoggerMessage(EventId = 3008, EventName = "ProfilePushFailed", Level = LogLevel.Warning,
        Message = "Profile change of {UserId} could not reach room {RoomId}")]
    public static partial void ProfilePushFailed(ILogger logger, string userId, string roomId, Exception exception);

    [LoggerMessage(EventId = 3009, EventName = "UserRoomListFull", Level = LogLevel.Warning,
        Message = "{UserId} is a member of more than {Limit} rooms; forgetting the oldest, {RoomId}")]
    public static partial void UserRoomListFull(ILogger logger, string userId, int limit, string roomId);

    [LoggerMessage(EventId = 3010, EventName = "RoomLogMigrated", Level = LogLevel.Information,
        Message = "Room {RoomId} moved its log out of the members state: {EventCount} events, last seq {LastSeq}")]
    public static partial void RoomLogMigrated(ILogger logger, string roomId, int eventCount, long lastSeq);
}
