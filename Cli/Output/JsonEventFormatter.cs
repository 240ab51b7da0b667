using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using OrleansChat.Cli.Connection;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Output;

/// <summary>The script format (<c>--json</c>): one JSON object per line, snake_case keys, a <c>type</c> on each,
/// times in ISO 8601 UTC. History shown on join comes as separate message objects marked <c>"history": true</c>
/// (or <c>"missed": true</c> when a resume delivers what was missed).</summary>
internal sealed class JsonEventFormatter : IEventFormatter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    public void Format(OutputEvent outputEvent, List<OutputLine> lines)
    {
        switch (outputEvent)
        {
            case RoomJoinedEvent joined:
                lines.Add(Write(w => WriteJoined(w, joined)));
                if (joined.MayHaveMissed)
                {
                    lines.Add(Write(w =>
                    {
                        w.WriteString("type", "gap");
                        w.WriteString("room", joined.Joined.RoomId);
                        w.WriteString("message", "some messages may have been missed while disconnected");
                    }));
                }

                foreach (var chatEvent in joined.Shown)
                {
                    lines.Add(Write(w => WriteEvent(w, chatEvent, joined.IsResume ? "missed" : "history")));
                }

                break;
            case HelpEvent help:
                lines.Add(Write(w =>
                {
                    w.WriteString("type", "help");
                    w.WriteStartArray("commands");
                    foreach (var (usage, description) in help.Commands)
                    {
                        w.WriteStartObject();
                        w.WriteString("usage", usage);
                        w.WriteString("description", description);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }));
                break;
            default:
                var line = Write(w => WriteOther(w, outputEvent));
                if (line.Text.Length > 2)
                {
                    lines.Add(line);
                }

                break;
        }
    }

    private static void WriteOther(Utf8JsonWriter w, OutputEvent outputEvent)
    {
        switch (outputEvent)
        {
            case ConnectedEvent connected:
                w.WriteString("type", "connected");
                w.WriteString("server", connected.Server);
                w.WriteString("user", connected.Welcome.UserId);
                w.WriteString("session", connected.Welcome.SessionId);
                w.WriteString("server_version", connected.Welcome.ServerVersion);
                w.WriteBoolean("reconnect", connected.IsReconnect);
                break;
            case ReconnectingEvent reconnecting:
                w.WriteString("type", "reconnecting");
                w.WriteString("reason", reconnecting.Reason);
                w.WriteNumber("attempt", reconnecting.Attempt);
                w.WriteNumber("delay_ms", (long)reconnecting.Delay.TotalMilliseconds);
                break;
            case RoomLeftEvent left:
                w.WriteString("type", "left");
                w.WriteString("room", left.RoomId);
                break;
            case ChatEventReceived received:
                WriteEvent(w, received.Event, flag: null);
                break;
            case MessageAckedEvent acked:
                w.WriteString("type", "ack");
                w.WriteString("room", acked.Ack.RoomId);
                w.WriteNumber("seq", acked.Ack.Seq);
                w.WriteString("client_message_id", acked.Ack.ClientMessageId);
                w.WriteBoolean("duplicate", acked.Ack.Duplicate);
                w.WriteString("from", acked.UserId);
                w.WriteString("text", acked.Text);
                WriteTime(w, acked.Ack.ServerTimeUnixMs);
                break;
            case PresenceEvent presence:
                w.WriteString("type", "presence");
                w.WriteString("room", presence.Presence.RoomId);
                w.WriteString("user", presence.Presence.Member?.UserId ?? string.Empty);
                w.WriteBoolean("online", presence.Presence.Member?.Online ?? false);
                break;
            case TypingEvent typing:
                w.WriteString("type", "typing");
                w.WriteString("room", typing.Notice.RoomId);
                w.WriteString("user", typing.Notice.UserId);
                w.WriteBoolean("typing", typing.Notice.Typing);
                break;
            case ServerErrorEvent error:
                w.WriteString("type", "error");
                w.WriteNumber("code", error.Error.Code);
                w.WriteString("status", StatusNames.Of(error.Error.Code));
                w.WriteString("message", error.Error.Message);
                if (error.Error.RoomId.Length > 0)
                {
                    w.WriteString("room", error.Error.RoomId);
                }

                if (error.Error.Field.Length > 0)
                {
                    w.WriteString("field", error.Error.Field);
                }

                if (error.What is not null)
                {
                    w.WriteString("context", error.What);
                }

                break;
            case NoticeEvent notice:
                w.WriteString("type", notice.Kind);
                w.WriteString("message", notice.Text);
                break;
            case ErrorNoticeEvent error:
                w.WriteString("type", "error");
                w.WriteString("message", error.Text);
                break;
            case HistoryListedEvent history:
                w.WriteString("type", "history");
                w.WriteString("room", history.History.RoomId);
                w.WriteNumber("last_seq", history.History.LastSeq);
                w.WriteStartArray("events");
                foreach (var chatEvent in history.History.Events)
                {
                    w.WriteStartObject();
                    WriteEvent(w, chatEvent, flag: null);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case RoomsListedEvent rooms:
                w.WriteString("type", "rooms");
                w.WriteStartArray("rooms");
                foreach (var room in rooms.Rooms.Rooms)
                {
                    w.WriteStartObject();
                    w.WriteString("room", room.RoomId);
                    w.WriteNumber("members", room.MemberCount);
                    w.WriteNumber("online", room.OnlineCount);
                    w.WriteNumber("last_seq", room.LastSeq);
                    w.WriteBoolean("current", room.RoomId == rooms.CurrentRoom);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case MembersListedEvent members:
                w.WriteString("type", "members");
                w.WriteString("room", members.Members.RoomId);
                w.WriteStartArray("members");
                foreach (var member in members.Members.Members)
                {
                    w.WriteStartObject();
                    WriteMember(w, member);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                break;
            case ProfileUpdatedEvent profile:
                w.WriteString("type", "profile");
                w.WriteString("user", profile.Profile.UserId);
                w.WriteString("name", profile.Profile.DisplayName);
                w.WriteString("avatar", profile.Profile.Avatar);
                break;
            case BatchSentEvent batch:
                w.WriteString("type", "batch");
                w.WriteString("room", batch.RoomId);
                w.WriteNumber("count", batch.Result.Count);
                w.WriteNumber("first_seq", batch.Result.FirstSeq);
                w.WriteNumber("last_seq", batch.Result.LastSeq);
                break;
        }
    }

    private static void WriteJoined(Utf8JsonWriter w, RoomJoinedEvent joined)
    {
        w.WriteString("type", "joined");
        w.WriteString("room", joined.Joined.RoomId);
        w.WriteNumber("last_seq", joined.Joined.LastSeq);
        w.WriteBoolean("resume", joined.IsResume);
        w.WriteBoolean("recovered", joined.Joined.Recovered);
        w.WriteNumber("history_count", joined.Shown.Count);
        w.WriteStartArray("members");
        foreach (var member in joined.Joined.Members)
        {
            w.WriteStartObject();
            WriteMember(w, member);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteMember(Utf8JsonWriter w, Member member)
    {
        w.WriteString("user", member.UserId);
        w.WriteString("name", member.DisplayName);
        w.WriteString("avatar", member.Avatar);
        w.WriteBoolean("online", member.Online);
    }

    private static void WriteEvent(Utf8JsonWriter w, ChatEvent chatEvent, string? flag)
    {
        w.WriteString("type", chatEvent.Kind switch
        {
            EventKind.Join => "join",
            EventKind.Leave => "leave",
            EventKind.Profile => "profile",
            EventKind.System => "system",
            _ => "message",
        });
        w.WriteString("room", chatEvent.RoomId);
        w.WriteNumber("seq", chatEvent.Seq);
        w.WriteString("id", chatEvent.MessageId);
        w.WriteString("from", chatEvent.SenderId);
        w.WriteString("name", chatEvent.SenderDisplayName);
        w.WriteString("avatar", chatEvent.SenderAvatar);
        w.WriteString("text", chatEvent.Text);
        WriteTime(w, chatEvent.ServerTimeUnixMs);
        if (chatEvent.ClientMessageId.Length > 0)
        {
            w.WriteString("client_message_id", chatEvent.ClientMessageId);
        }

        if (flag is not null)
        {
            w.WriteBoolean(flag, true);
        }
    }

    private static void WriteTime(Utf8JsonWriter w, long unixMs)
        => w.WriteString("time", DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));

    private OutputLine Write(Action<Utf8JsonWriter> body)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return new OutputLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }
}
