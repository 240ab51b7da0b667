using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>Server frames as a chat server would send them.</summary>
internal static class Frames
{
    public const long BaseTimeMs = 1_700_000_000_000;

    public static ChatEvent Text(string room, long seq, string from, string text, string clientMessageId = "")
        => new()
        {
            RoomId = room,
            Seq = seq,
            MessageId = $"{room}-{seq}",
            SenderId = from,
            SenderDisplayName = from,
            Text = text,
            Kind = EventKind.Text,
            ServerTimeUnixMs = BaseTimeMs + (seq * 1000),
            ClientMessageId = clientMessageId,
        };

    public static ServerFrame Event(ChatEvent chatEvent) => new() { Event = chatEvent };

    public static ServerFrame Joined(ulong requestId, string room, long lastSeq, bool recovered = false, params ChatEvent[] history)
    {
        var joined = new Joined { RoomId = room, LastSeq = lastSeq, Recovered = recovered };
        joined.History.AddRange(history);
        joined.Members.Add(new Member { UserId = "alice", Online = true });
        joined.Members.Add(new Member { UserId = "bob", Online = false });
        return new ServerFrame { RequestId = requestId, Joined = joined };
    }

    public static ServerFrame Ack(ulong requestId, string room, string clientMessageId, long seq, bool duplicate = false)
        => new()
        {
            RequestId = requestId,
            Ack = new Ack { RoomId = room, ClientMessageId = clientMessageId, Seq = seq, Duplicate = duplicate, ServerTimeUnixMs = BaseTimeMs + (seq * 1000) },
        };

    public static ServerFrame Error(ulong requestId, int code, string message, string room = "")
        => new() { RequestId = requestId, Error = new Error { Code = code, Message = message, RoomId = room } };
}
