using Grpc.Core;
using OrleansChat.Protocol.V1;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>SendBatch and the unary calls.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class UnaryAndBatchTests(GatewayServerFixture fixture)
{
    private ChatServer Server => fixture.Server;

    [Fact]
    public async Task Batch_send_reports_the_count_and_seq_range_and_reaches_the_room()
    {
        var room = TestChatServer.NewRoomId("batch");
        using var bella = await ChatTestClient.ConnectAsync(Server.Address, "bella");
        var joined = await bella.JoinAsync(room);

        var result = await TestChatServer.SendBatchAsync(Server, "bella",
            Enumerable.Range(0, 25).Select(i => new BatchMessage { RoomId = room, ClientMessageId = "b" + i, Text = "bulk " + i }));

        Assert.Equal(25u, result.Count);
        Assert.Equal((joined.LastSeq + 1, joined.LastSeq + 25), (result.FirstSeq, result.LastSeq));
        await bella.WaitForTextAsync(room, "bulk 24");
        var history = await TestChatServer.CallAsync(Server, ChatCalls.GetHistory, new GetHistoryRequest { RoomId = room, Limit = 25 }, "bella");
        Assert.Equal(Enumerable.Range(0, 25).Select(i => "bulk " + i), history.Events.Select(e => e.Text));
        Assert.Equal(result.LastSeq, history.LastSeq);
    }

    [Fact]
    public async Task Batch_send_to_a_room_not_joined_fails_precondition()
    {
        var room = TestChatServer.NewRoomId("batch-stranger");
        using var owner = await ChatTestClient.ConnectAsync(Server.Address, "owner");
        await owner.JoinAsync(room);

        var error = await Assert.ThrowsAsync<RpcException>(() => TestChatServer.SendBatchAsync(Server, "stranger",
            [new BatchMessage { RoomId = room, Text = "let me in" }]));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("room_id", error.Trailers.GetValue("error-field"));
    }

    [Fact]
    public async Task Batch_with_two_rooms_is_refused_naming_room_id()
    {
        var room = TestChatServer.NewRoomId("batch-two");
        using var bella = await ChatTestClient.ConnectAsync(Server.Address, "bella");
        await bella.JoinAsync(room);

        var error = await Assert.ThrowsAsync<RpcException>(() => TestChatServer.SendBatchAsync(Server, "bella",
            [new BatchMessage { RoomId = room, Text = "one" }, new BatchMessage { RoomId = room + "x", Text = "two" }]));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("room_id", error.Trailers.GetValue("error-field"));
    }

    [Fact]
    public async Task Get_history_returns_the_latest_events_before_a_seq()
    {
        var room = TestChatServer.NewRoomId("history");
        using var hugo = await ChatTestClient.ConnectAsync(Server.Address, "hugo");
        await hugo.JoinAsync(room);
        var acks = new List<Ack>();
        for (var i = 0; i < 10; i++)
        {
            acks.Add(await hugo.SendAsync(room, "h" + i));
        }

        var page = await TestChatServer.CallAsync(Server, ChatCalls.GetHistory,
            new GetHistoryRequest { RoomId = room, Limit = 3, BeforeSeq = acks[5].Seq }, "someone-else");

        Assert.Equal(acks.Skip(2).Take(3).Select(a => a.Seq), page.Events.Select(e => e.Seq));
        Assert.Equal(acks[^1].Seq, page.LastSeq);
    }

    [Fact]
    public async Task List_rooms_returns_the_callers_rooms_with_counts()
    {
        var rooms = new[] { TestChatServer.NewRoomId("list-a"), TestChatServer.NewRoomId("list-b") };
        var user = "lister" + Guid.NewGuid().ToString("N")[..6];
        using var client = await ChatTestClient.ConnectAsync(Server.Address, user);
        foreach (var room in rooms)
        {
            await client.JoinAsync(room);
        }

        var ack = await client.SendAsync(rooms[1], "hi");
        var list = await TestChatServer.CallAsync(Server, ChatCalls.ListRooms, new ListRoomsRequest(), user);

        Assert.Equal(rooms, list.Rooms.Select(r => r.RoomId));
        Assert.All(list.Rooms, r => Assert.Equal((1u, 1u), (r.MemberCount, r.OnlineCount)));
        Assert.Equal(ack.Seq, list.Rooms[1].LastSeq);
    }

    [Fact]
    public async Task Update_profile_is_announced_in_the_users_rooms()
    {
        var room = TestChatServer.NewRoomId("profile");
        var user = "pat" + Guid.NewGuid().ToString("N")[..6];
        using var pat = await ChatTestClient.ConnectAsync(Server.Address, user);
        using var quinn = await ChatTestClient.ConnectAsync(Server.Address, "quinn");
        await pat.JoinAsync(room);
        await quinn.JoinAsync(room);

        var profile = await TestChatServer.CallAsync(Server, ChatCalls.UpdateProfile,
            new UpdateProfileRequest { DisplayName = "Pat P", Avatar = "🐙" }, user);

        Assert.Equal((user, "Pat P", "🐙"), (profile.UserId, profile.DisplayName, profile.Avatar));
        var change = await quinn.WaitForEventAsync(e => e.Kind == EventKind.Profile && e.SenderId == user, "the PROFILE event");
        Assert.Equal(("Pat P", "🐙"), (change.SenderDisplayName, change.SenderAvatar));
        var fetched = await TestChatServer.CallAsync(Server, ChatCalls.GetProfile, new GetProfileRequest { UserId = user }, "quinn");
        Assert.Equal("Pat P", fetched.DisplayName);
        var ack = await pat.SendAsync(room, "new name");
        var message = await quinn.WaitForTextAsync(room, "new name");
        Assert.Equal((ack.Seq, "Pat P"), (message.Seq, message.SenderDisplayName));
    }

    [Fact]
    public async Task Room_joined_after_a_profile_update_shows_the_new_name()
    {
        var firstRoom = TestChatServer.NewRoomId("nick-a");
        var laterRoom = TestChatServer.NewRoomId("nick-b");
        var user = "rita" + Guid.NewGuid().ToString("N")[..6];
        using var rita = await ChatTestClient.ConnectAsync(Server.Address, user);
        using var sam = await ChatTestClient.ConnectAsync(Server.Address, "sam");
        await rita.JoinAsync(firstRoom);
        await sam.JoinAsync(laterRoom);

        await TestChatServer.CallAsync(Server, ChatCalls.UpdateProfile, new UpdateProfileRequest { DisplayName = "Rita R" }, user);
        var joined = await rita.JoinAsync(laterRoom);
        await rita.SendAsync(laterRoom, "renamed");
        var message = await sam.WaitForTextAsync(laterRoom, "renamed");

        Assert.Equal("Rita R", joined.Members.Single(m => m.UserId == user).DisplayName);
        Assert.Equal("Rita R", message.SenderDisplayName);
    }

    [Fact]
    public async Task Profile_of_an_unknown_user_is_not_found()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => TestChatServer.CallAsync(Server, ChatCalls.GetProfile,
            new GetProfileRequest { UserId = "nobody" + Guid.NewGuid().ToString("N")[..6] }, "vera"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }
}
