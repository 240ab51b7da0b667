using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>A server started with <c>--allow-users alice,bob,chad</c>: anyone else gets PERMISSION_DENIED and nothing else.</summary>
public sealed class AllowListTests(AllowListServerFixture fixture) : IClassFixture<AllowListServerFixture>
{
    private const int PermissionDenied = 7;

    private ChatServerProcess Server => fixture.Server;

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task User_not_on_the_allow_list_gets_PERMISSION_DENIED_and_nothing_else()
    {
        var room = Ids.Room("members-only");
        var (set, peers) = await PeerSet.StartAsync(Server, "alice", "bob", "doug");
        await using var _ = set;
        var (alice, bob, doug) = (peers[0], peers[1], peers[2]);
        Assert.Equal("alice", (await alice.HelloAsync()).UserId);
        await alice.JoinAsync(room);
        await bob.HelloAsync();
        await bob.JoinAsync(room);

        // Doug pipelines Hello, JoinRoom and SendMessage on one stream.
        var hello = doug.PostFrame("hello", new { user_id = "doug" });
        var join = doug.PostFrame("join", new { room_id = room });
        var send = doug.PostSend(room, "let me in");

        // Either the call ends with PERMISSION_DENIED, or (stream kept open) every frame is refused with an Error.
        var end = await doug.WaitForAsync(
            l => (l.Type == "stream_end" && l.Stream == "connect") || (l.Frame?.RequestId == send && l.Frame.KindCase == ServerFrame.KindOneofCase.Error)
                 || (l.Frame is { } f && f.KindCase != ServerFrame.KindOneofCase.Error),
            "doug's call to end, or an Error answering each of his frames");
        var frames = doug.Frames();
        Assert.True(
            frames.All(f => f.KindCase == ServerFrame.KindOneofCase.Error),
            $"doug received frames other than errors: {string.Join("; ", frames)}");
        if (end.Type == "stream_end")
        {
            var helloError = frames.FirstOrDefault(f => f.RequestId == hello);
            Assert.True(
                end.Code == "PERMISSION_DENIED" || helloError?.Error.Code == PermissionDenied,
                $"doug's call ended with {end.Code} ({end.Details}); hello was answered with {helloError?.ToString() ?? "nothing"}");
        }
        else
        {
            var helloError = Assert.Single(frames, f => f.RequestId == hello).Error;
            Assert.Equal(PermissionDenied, helloError.Code);
            Assert.Single(frames, f => f.RequestId == join);
        }

        // The unary calls refuse doug too.
        foreach (var (op, arguments) in new (string, object?)[]
                 {
                     ("history", new { room_id = room }),
                     ("list_rooms", null),
                     ("batch", new { room_id = room, count = 1, prefix = "doug" }),
                 })
        {
            var result = await doug.UnaryAsync(op, arguments);
            Assert.True(result.Code == "PERMISSION_DENIED", $"doug's {op}: expected PERMISSION_DENIED, got {result.Code} ({result.Details})");
        }

        // The seed app's service refuses him as well.
        doug.CompatJoin(room, "Doug");
        doug.CompatSend("sneaking in through the old door");
        var compatEnd = await doug.WaitForAsync(l => l.Type == "stream_end" && l.Stream == "compat", "doug's JoinChat call to end");
        Assert.True(compatEnd.Code == "PERMISSION_DENIED", $"doug's JoinChat ended with {compatEnd.Code} ({compatEnd.Details})");
        Assert.Empty(doug.CompatMessages());

        // Nothing of doug's reached the room: bob's later message is the barrier.
        await bob.SendAsync(room, "barrier");
        await alice.WaitForTextAsync(room, "barrier");
        Assert.DoesNotContain(alice.Events(), e => e.SenderId == "doug");
        var history = await alice.GetHistoryAsync(room);
        Assert.DoesNotContain(history.Events, e => e.SenderId == "doug");
        var members = await alice.ListMembersAsync(room);
        Assert.DoesNotContain(members.Members, m => m.UserId == "doug");
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Users_on_the_allow_list_chat_normally()
    {
        var room = Ids.Room("members-only");
        var (set, peers) = await PeerSet.StartAsync(Server, "alice", "chad");
        await using var _ = set;
        var (alice, chad) = (peers[0], peers[1]);
        await PeerSet.HelloAndJoinAsync([alice, chad], room);

        var ack = await chad.SendAsync(room, "hi from the list");
        Assert.Equal(ack.Seq, (await alice.WaitForTextAsync(room, "hi from the list")).Seq);
        var history = await chad.GetHistoryAsync(room);
        Assert.Contains(history.Events, e => e.Seq == ack.Seq);
    }
}
