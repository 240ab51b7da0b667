using System.Globalization;
using OrleansChat.Cli.Connection;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Output;

/// <summary>The human format: <c>[HH:MM:SS] name: text</c> with a stable colour per user and the avatar,
/// <c>&gt;&gt;&gt; bob joined</c> / <c>&lt;&lt;&lt; bob left</c>, a header and footer around history, and
/// <c>***</c> (notices) or <c>!!!</c> (errors) for the client's own lines. Colour only when <see cref="Ansi"/> is enabled.</summary>
internal sealed class TextEventFormatter(Ansi ansi, ChatView view, TimeZoneInfo? timeZone = null) : IEventFormatter
{
    private readonly TimeZoneInfo _timeZone = timeZone ?? TimeZoneInfo.Local;

    public void Format(OutputEvent outputEvent, List<OutputLine> lines)
    {
        switch (outputEvent)
        {
            case ConnectedEvent connected:
                lines.Add(Notice(connected.IsReconnect
                    ? $"reconnected to {connected.Server}"
                    : $"connected to {connected.Server} as {connected.Welcome.UserId}{ServerVersion(connected.Welcome)}"));
                break;
            case ReconnectingEvent { Attempt: 1 } reconnecting:
                lines.Add(Notice($"connection lost ({reconnecting.Reason}); reconnecting in {Seconds(reconnecting.Delay)}"));
                break;
            case ReconnectingEvent reconnecting when reconnecting.Attempt <= 3 || reconnecting.Attempt % 10 == 0:
                // A long outage stays calm on screen: the first attempts, then every tenth.
                lines.Add(Notice($"still reconnecting ({reconnecting.Reason}); attempt {reconnecting.Attempt} in {Seconds(reconnecting.Delay)}"));
                break;
            case RoomJoinedEvent joined:
                FormatJoined(joined, lines);
                break;
            case RoomLeftEvent left:
                lines.Add(Notice($"left #{left.RoomId}"));
                break;
            case ChatEventReceived received:
                FormatEvent(received.Event, lines);
                break;
            case MessageAckedEvent acked:
                FormatMessage(acked.Ack.RoomId, acked.Ack.ServerTimeUnixMs, acked.UserId, acked.DisplayName, acked.Avatar, acked.Text, lines);
                break;
            case ServerErrorEvent error:
                lines.Add(Error($"{(error.What is null ? string.Empty : error.What + ": ")}{TextSanitizer.Clean(error.Error.Message)} ({StatusNames.Of(error.Error.Code)})"));
                break;
            case NoticeEvent notice:
                lines.Add(Notice(notice.Text));
                break;
            case ErrorNoticeEvent error:
                lines.Add(Error(error.Text));
                break;
            case HistoryListedEvent history:
                FormatHistory(history.History.RoomId, history.History.Events, lines);
                break;
            case RoomsListedEvent rooms:
                FormatRooms(rooms, lines);
                break;
            case MembersListedEvent members:
                FormatMembers(members.Members.RoomId, members.Members.Members, lines);
                break;
            case ProfileUpdatedEvent profile:
                lines.Add(Notice($"you are now shown as {AvatarPrefix(profile.Profile.Avatar)}{TextSanitizer.Clean(DisplayName(profile.Profile.DisplayName, profile.Profile.UserId))}"
                    + (IsUrl(profile.Profile.Avatar) ? $" (avatar {TextSanitizer.Clean(profile.Profile.Avatar)})" : string.Empty)));
                break;
            case BatchSentEvent batch:
                lines.Add(Notice(batch.Result.Count == 0
                    ? $"batch: nothing sent to #{batch.RoomId}"
                    : $"batch: {Plural(batch.Result.Count, "message")} sent to #{batch.RoomId} (seq {batch.Result.FirstSeq}-{batch.Result.LastSeq})"));
                break;
            case HelpEvent help:
                lines.Add(Notice("commands:"));
                var width = help.Commands.Max(c => c.Usage.Length);
                foreach (var (usage, description) in help.Commands)
                {
                    lines.Add(new OutputLine($"    {usage.PadRight(width)}  {description}"));
                }

                break;
            case PresenceEvent or TypingEvent:
                // Joins and leaves are shown from the room's events; presence and typing only in --json.
                break;
        }
    }

    private void FormatJoined(RoomJoinedEvent joined, List<OutputLine> lines)
    {
        var roomId = joined.Joined.RoomId;
        if (joined.IsResume)
        {
            if (joined.MayHaveMissed)
            {
                lines.Add(Notice($"some messages in #{roomId} may have been missed while disconnected (older than the server keeps)"));
            }

            foreach (var chatEvent in joined.Shown)
            {
                FormatEvent(chatEvent, lines);
            }

            return;
        }

        FormatHistory(roomId, joined.Shown, lines);
        var online = joined.Joined.Members.Count(m => m.Online);
        lines.Add(Notice($"joined #{roomId} ({Plural(joined.Joined.Members.Count, "member")}, {online} online)"));
    }

    private void FormatHistory(string roomId, IReadOnlyList<ChatEvent> events, List<OutputLine> lines)
    {
        if (events.Count == 0)
        {
            lines.Add(new OutputLine(ansi.Dim($"--- no history in #{roomId} ---")));
            return;
        }

        lines.Add(new OutputLine(ansi.Dim($"--- history of #{roomId} (last {events.Count}) ---")));
        foreach (var chatEvent in events)
        {
            FormatEvent(chatEvent, lines, roomTag: false);
        }

        lines.Add(new OutputLine(ansi.Dim("--- end of history ---")));
    }

    private void FormatEvent(ChatEvent chatEvent, List<OutputLine> lines, bool roomTag = true)
    {
        var name = DisplayName(chatEvent.SenderDisplayName, chatEvent.SenderId);
        var prefix = Prefix(roomTag ? chatEvent.RoomId : null, chatEvent.ServerTimeUnixMs);
        switch (chatEvent.Kind)
        {
            case EventKind.Text or EventKind.Unspecified:
                FormatMessage(roomTag ? chatEvent.RoomId : null, chatEvent.ServerTimeUnixMs, chatEvent.SenderId, name, chatEvent.SenderAvatar, chatEvent.Text, lines);
                break;
            case EventKind.Join:
                lines.Add(new OutputLine($"{prefix}{ansi.Dim(">>>")} {ansi.User(chatEvent.SenderId, TextSanitizer.Clean(name))} joined"));
                break;
            case EventKind.Leave:
                lines.Add(new OutputLine($"{prefix}{ansi.Dim("<<<")} {ansi.User(chatEvent.SenderId, TextSanitizer.Clean(name))} left"));
                break;
            default:
                foreach (var line in TextSanitizer.Lines(chatEvent.Text))
                {
                    lines.Add(new OutputLine($"{prefix}{ansi.Yellow("*** " + line)}"));
                }

                break;
        }
    }

    private void FormatMessage(string? roomId, long unixMs, string userId, string name, string avatar, string text, List<OutputLine> lines)
    {
        var head = $"{Prefix(roomId, unixMs)}{AvatarPrefix(avatar)}{ansi.User(userId, TextSanitizer.Clean(name))}: ";
        var body = TextSanitizer.Lines(text);
        lines.Add(new OutputLine(head + body[0]));
        for (var i = 1; i < body.Count; i++)
        {
            lines.Add(new OutputLine("    " + body[i]));
        }
    }

    private void FormatRooms(RoomsListedEvent rooms, List<OutputLine> lines)
    {
        if (rooms.Rooms.Rooms.Count == 0)
        {
            lines.Add(Notice("you are in no room; /join <room>"));
            return;
        }

        lines.Add(Notice("your rooms:"));
        foreach (var room in rooms.Rooms.Rooms)
        {
            var current = room.RoomId == rooms.CurrentRoom ? "  (current)" : string.Empty;
            lines.Add(new OutputLine($"    #{room.RoomId}  {Plural(room.MemberCount, "member")}, {room.OnlineCount} online, last seq {room.LastSeq}{current}"));
        }
    }

    private void FormatMembers(string roomId, IReadOnlyList<Member> members, List<OutputLine> lines)
    {
        var online = members.Count(m => m.Online);
        lines.Add(Notice($"{Plural(members.Count, "member")} in #{roomId}, {online} online:"));
        foreach (var member in members.OrderByDescending(m => m.Online).ThenBy(m => m.UserId, StringComparer.Ordinal))
        {
            var name = DisplayName(member.DisplayName, member.UserId);
            var id = name == member.UserId ? string.Empty : $" ({member.UserId})";
            var state = member.Online ? ansi.Cyan("online") : ansi.Dim("offline");
            lines.Add(new OutputLine($"    {AvatarPrefix(member.Avatar)}{ansi.User(member.UserId, TextSanitizer.Clean(name))}{id}  {state}"));
        }
    }

    /// <summary><c>[HH:MM:SS] </c>, with <c>#room </c> after it when the event is not from the current room.</summary>
    private string Prefix(string? roomId, long unixMs)
    {
        var time = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMs), _timeZone);
        var stamp = ansi.Dim($"[{time.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}]") + " ";
        return roomId is not null && roomId != view.CurrentRoom ? stamp + ansi.Cyan("#" + roomId) + " " : stamp;
    }

    private static string AvatarPrefix(string avatar)
        => avatar.Length == 0 || IsUrl(avatar) ? string.Empty : TextSanitizer.Clean(avatar) + " ";

    private static bool IsUrl(string avatar)
        => avatar.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || avatar.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static string DisplayName(string displayName, string userId)
        => displayName.Length > 0 ? displayName : userId;

    private static string ServerVersion(Welcome welcome)
        => welcome.ServerVersion.Length > 0 ? $" (server {TextSanitizer.Clean(welcome.ServerVersion)})" : string.Empty;

    private static string Seconds(TimeSpan delay)
        => delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Plural(long count, string noun)
        => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private OutputLine Notice(string text) => new(ansi.Yellow("*** " + text));

    private OutputLine Error(string text) => new(ansi.Red("!!! " + text), IsError: true);
}
