namespace OrleansChat.Gateway.Rooms;

/// <summary>A local session in a room, fed by the room's <see cref="RoomFeed"/>.</summary>
internal interface IRoomListener
{
    string SessionId { get; }

    string UserId { get; }

    /// <summary>
    /// The next item of the room, in the room's order. Called under the feed's lock: it must not block or call
    /// back into the hub; it queues the frame or cuts its session off.
    /// </summary>
    void OnRoomItem(FeedItem item);

    /// <summary>The gateway can no longer feed this session from the room. Never called under a feed's lock.</summary>
    void OnRoomLost(string roomId, RoomLossReason reason);
}

/// <summary>Why a session lost a room.</summary>
internal enum RoomLossReason
{
    /// <summary>The room stream subscription broke; the session must resume to be sure it missed nothing.</summary>
    FeedLost,

    /// <summary>Too many items arrived while the session was still joining.</summary>
    Overflow,

    /// <summary>The room no longer accepts the session's lease (the user is not a member any more).</summary>
    LeaseRejected,
}
