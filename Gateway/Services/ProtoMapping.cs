using OrleansChat.Grains;
using OrleansChat.Protocol.Compat;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Gateway.Services;

/// <summary>Turns the grains' internal messages into the public chat.v1 and seed-compatible messages.</summary>
internal static class ProtoMapping
{
    public static ChatEvent ToChatEvent(RoomEvent roomEvent) => new()
    {
        RoomId = roomEvent.RoomId,
        Seq = roomEvent.Seq,
        MessageId = roomEvent.MessageId,
        SenderId = roomEvent.SenderId,
        SenderDisplayName = roomEvent.SenderDisplayName,
        SenderAvatar = roomEvent.SenderAvatar,
        Text = roomEvent.Text,
        ServerTimeUnixMs = roomEvent.ServerTimeUnixMs,
        Kind = roomEvent.Kind switch
        {
            RoomEventKind.Text => EventKind.Text,
            RoomEventKind.Join => EventKind.Join,
            RoomEventKind.Leave => EventKind.Leave,
            RoomEventKind.System => EventKind.System,
            RoomEventKind.Profile => EventKind.Profile,
            _ => EventKind.Unspecified,
        },
        ClientMessageId = roomEvent.ClientMessageId,
    };

    /// <summary>The answer to a stored message (Connect's Ack frame, or the Send call's response).</summary>
    public static Ack ToAck(string roomId, string clientMessageId, PostResult posted) => new()
    {
        RoomId = roomId,
        ClientMessageId = clientMessageId,
        Seq = posted.Seq,
        ServerTimeUnixMs = posted.ServerTimeUnixMs,
        Duplicate = posted.Duplicate,
    };

    public static Member ToMember(MemberInfo member) => new()
    {
        UserId = member.UserId,
        DisplayName = member.DisplayName,
        Avatar = member.Avatar,
        Online = member.Online,
    };

    public static Protocol.V1.Profile ToProfile(UserProfile profile) => new()
    {
        UserId = profile.UserId,
        DisplayName = profile.DisplayName,
        Avatar = profile.Avatar,
    };

    /// <summary>The frame pushed to chat.v1 sessions for a room stream item.</summary>
    public static ServerFrame ToServerFrame(RoomStreamItem item) => item.KindCase switch
    {
        RoomStreamItem.KindOneofCase.Event => new ServerFrame { Event = ToChatEvent(item.Event) },
        RoomStreamItem.KindOneofCase.Presence => new ServerFrame
        {
            Presence = new PresenceChange { RoomId = item.RoomId, Member = ToMember(item.Presence.Member) },
        },
        RoomStreamItem.KindOneofCase.Typing => new ServerFrame
        {
            Typing = new TypingNotice { RoomId = item.RoomId, UserId = item.Typing.UserId, Typing = item.Typing.Typing },
        },
        _ => throw new ArgumentException("Room stream item without content.", nameof(item)),
    };

    /// <summary>
    /// The seed app's message for an event: TEXT, JOIN and LEAVE keep their type; profile changes and notices are
    /// SYSTEM messages. JOIN, LEAVE and SYSTEM carry a readable sentence ("bob joined the room").
    /// </summary>
    public static ChatMessage ToCompatMessage(RoomEvent roomEvent) => new()
    {
        UserId = roomEvent.SenderId,
        Username = roomEvent.SenderDisplayName,
        Message = roomEvent.Text,
        Timestamp = roomEvent.ServerTimeUnixMs,
        RoomId = roomEvent.RoomId,
        Type = roomEvent.Kind switch
        {
            RoomEventKind.Text => MessageType.Text,
            RoomEventKind.Join => MessageType.Join,
            RoomEventKind.Leave => MessageType.Leave,
            _ => MessageType.System,
        },
    };
}
