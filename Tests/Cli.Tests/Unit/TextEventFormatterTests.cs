using OrleansChat.Cli.Output;
using OrleansChat.Cli.Tests.Fakes;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class TextEventFormatterTests
{
    private readonly ChatView _view = new() { CurrentRoom = "general" };

    [Fact]
    public void Message_IsTimeNameText_WithAvatar()
    {
        var chatEvent = Frames.Text("general", 1, "bob", "hi");
        chatEvent.SenderAvatar = "🐻";

        Assert.Equal([$"[{Clock(chatEvent)}] 🐻 bob: hi"], Plain(new ChatEventReceived(chatEvent)));
    }

    [Fact]
    public void Message_FromAnotherRoom_NamesTheRoom()
    {
        var chatEvent = Frames.Text("dev", 1, "bob", "hi");

        Assert.Equal([$"[{Clock(chatEvent)}] #dev bob: hi"], Plain(new ChatEventReceived(chatEvent)));
    }

    [Fact]
    public void JoinAndLeave_HaveArrows()
    {
        var join = Frames.Text("general", 1, "bob", "bob joined #general");
        join.Kind = EventKind.Join;
        var leave = Frames.Text("general", 2, "bob", "bob left #general");
        leave.Kind = EventKind.Leave;

        Assert.Equal([$"[{Clock(join)}] >>> bob joined"], Plain(new ChatEventReceived(join)));
        Assert.Equal([$"[{Clock(leave)}] <<< bob left"], Plain(new ChatEventReceived(leave)));
    }

    [Fact]
    public void FreshJoin_HistoryHasHeaderAndFooter()
    {
        var joined = Frames.Joined(1, "general", 12, false, Frames.Text("general", 11, "bob", "a"), Frames.Text("general", 12, "carol", "b")).Joined;

        var lines = Plain(new RoomJoinedEvent(joined, joined.History, IsResume: false));

        Assert.Equal("--- history of #general (last 2) ---", lines[0]);
        Assert.EndsWith("bob: a", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("carol: b", lines[2], StringComparison.Ordinal);
        Assert.Equal("--- end of history ---", lines[3]);
        Assert.Equal("*** joined #general (2 members, 1 online)", lines[4]);
    }

    [Fact]
    public void ResumeNotRecovered_SaysMessagesMayHaveBeenMissed()
    {
        var joined = Frames.Joined(1, "general", 90, recovered: false).Joined;

        var lines = Plain(new RoomJoinedEvent(joined, [], IsResume: true));

        Assert.Equal(["*** some messages in #general may have been missed while disconnected (older than the server keeps)"], lines);
    }

    [Fact]
    public void ControlCharactersInMessages_NeverReachTheTerminal()
    {
        var chatEvent = Frames.Text("general", 1, "bob", "evil \u001b[2J\u0007 text\nsecond line");

        var lines = Plain(new ChatEventReceived(chatEvent));

        Assert.Equal([$"[{Clock(chatEvent)}] bob: evil ?[2J? text", "    second line"], lines);
    }

    [Fact]
    public void Colours_AreStablePerUser_AndOffWhenAnsiIsOff()
    {
        var colour = Ansi.UserColorCode("bob");
        var chatEvent = Frames.Text("general", 1, "bob", "hi");

        var coloured = Format(new Ansi(true), new ChatEventReceived(chatEvent))[0];

        Assert.Equal(colour, Ansi.UserColorCode("bob"));
        Assert.Contains($"\u001b[1;{colour}mbob\u001b[0m", coloured, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', Plain(new ChatEventReceived(chatEvent))[0]);
    }

    [Fact]
    public void ServerError_IsOneLineWithTheStatusName()
    {
        var lines = Format(Ansi.Plain, new ServerErrorEvent(new Error { Code = 3, Message = "text is empty" }, "message not sent"));

        Assert.Equal("!!! message not sent: text is empty (INVALID_ARGUMENT)", Assert.Single(lines));
    }

    [Fact]
    public void Batch_ShowsCountAndSeqRange()
        => Assert.Equal(
            ["*** batch: 3 messages sent to #general (seq 14-16)"],
            Plain(new BatchSentEvent("general", new BatchResult { Count = 3, FirstSeq = 14, LastSeq = 16 })));

    [Fact]
    public void Members_ListOnlineFirst()
    {
        var members = new ListMembersResponse { RoomId = "general" };
        members.Members.Add(new Member { UserId = "zed", Online = true });
        members.Members.Add(new Member { UserId = "amy", Online = false, DisplayName = "Amy", Avatar = "🦊" });

        Assert.Equal(
            ["*** 2 members in #general, 1 online:", "    zed  online", "    🦊 Amy (amy)  offline"],
            Plain(new MembersListedEvent(members)));
    }

    private static string Clock(ChatEvent chatEvent)
        => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(chatEvent.ServerTimeUnixMs), TimeZoneInfo.Utc).ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private List<string> Plain(OutputEvent outputEvent) => Format(Ansi.Plain, outputEvent);

    private List<string> Format(Ansi ansi, OutputEvent outputEvent)
    {
        var lines = new List<OutputLine>();
        new TextEventFormatter(ansi, _view, TimeZoneInfo.Utc).Format(outputEvent, lines);
        return lines.Select(l => l.Text).ToList();
    }
}
