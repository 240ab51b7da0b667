using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Output;

/// <summary>Something to show the user. The session and the commands produce these; a formatter
/// (text with or without colour, or JSON) turns each into lines; one writer prints them.</summary>
internal abstract record OutputEvent;

/// <summary>The session said Hello and got Welcome; <paramref name="IsReconnect"/> after a loss.</summary>
internal sealed record ConnectedEvent(Welcome Welcome, string Server, bool IsReconnect) : OutputEvent;

/// <summary>The stream broke; the session retries after <paramref name="Delay"/> (attempt 1, 2, …).</summary>
internal sealed record ReconnectingEvent(string Reason, int Attempt, TimeSpan Delay) : OutputEvent;

/// <summary>A room was joined (fresh) or resumed after a reconnect. <paramref name="Shown"/> holds the
/// history events not seen before, oldest first.</summary>
internal sealed record RoomJoinedEvent(Joined Joined, IReadOnlyList<ChatEvent> Shown, bool IsResume) : OutputEvent
{
    /// <summary>A resume whose missed events are older than the server's window: some may be lost.</summary>
    public bool MayHaveMissed => IsResume && !Joined.Recovered;
}

internal sealed record RoomLeftEvent(string RoomId) : OutputEvent;

/// <summary>A live event from a room (another user's message, a join, a leave, a profile change, a notice).</summary>
internal sealed record ChatEventReceived(ChatEvent Event) : OutputEvent;

/// <summary>The server stored one of our messages.</summary>
internal sealed record MessageAckedEvent(string UserId, string DisplayName, string Avatar, string Text, Ack Ack) : OutputEvent;

internal sealed record PresenceEvent(PresenceChange Presence) : OutputEvent;

internal sealed record TypingEvent(TypingNotice Notice) : OutputEvent;

/// <summary>The server refused something; <paramref name="What"/> says what, e.g. "message not sent".</summary>
internal sealed record ServerErrorEvent(Error Error, string? What) : OutputEvent;

/// <summary>A line from the client itself: status, confirmation, help.</summary>
internal sealed record NoticeEvent(string Text, string Kind = "notice") : OutputEvent;

/// <summary>A local failure: a bad command, an unreachable server, a refused call.</summary>
internal sealed record ErrorNoticeEvent(string Text) : OutputEvent;

internal sealed record HistoryListedEvent(GetHistoryResponse History) : OutputEvent;

internal sealed record RoomsListedEvent(ListRoomsResponse Rooms, string? CurrentRoom) : OutputEvent;

internal sealed record MembersListedEvent(ListMembersResponse Members) : OutputEvent;

internal sealed record ProfileUpdatedEvent(Profile Profile) : OutputEvent;

internal sealed record BatchSentEvent(string RoomId, BatchResult Result) : OutputEvent;

/// <summary>The command list, one entry per command.</summary>
internal sealed record HelpEvent(IReadOnlyList<(string Usage, string Description)> Commands) : OutputEvent;
