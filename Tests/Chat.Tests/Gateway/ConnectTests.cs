using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Chat.Tests.Grains;
using OrleansChat.Gateway.Rooms;
using OrleansChat.Grains;
using OrleansChat.Protocol.V1;
using OrleansChat.Runtime.Streams;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>The Connect stream against one shared in-process server; each test uses rooms of its own.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class ConnectTests(GatewayServerFixture fixture)
{
    private ChatServer Server => fixture.Server;

    [Fact]
    public async Task Sender_gets_an_ack_not_an_echo_and_its_other_sessions_get_the_message()
    {
        var room = TestChatServer.NewRoomId("ack");
        using var alice1 = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        using var alice2 = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        using var bob = await ChatTestClient.ConnectAsync(Server.Address, "bob");
        await alice1.JoinAsync(room);
        await alice2.JoinAsync(room);
        await bob.JoinAsync(room);

        var ack = await alice1.SendAsync(room, "hello everyone", "msg-1");

        Assert.Equal((room, "msg-1", false), (ack.RoomId, ack.ClientMessageId, ack.Duplicate));
        var atBob = await bob.WaitForTextAsync(room, "hello everyone");
        var atOtherSession = await alice2.WaitForTextAsync(room, "hello everyone");
        Assert.Equal((ack.Seq, "alice", "msg-1"), (atBob.Seq, atBob.SenderId, atBob.ClientMessageId));
        Assert.Equal(ack.Seq, atOtherSession.Seq);

        // Barrier: once bob's later message reached alice1, her own message would have reached her before it.
        await bob.SendAsync(room, "barrier");
        await alice1.WaitForTextAsync(room, "barrier");
        Assert.DoesNotContain(alice1.Events, e => e.Seq == ack.Seq);
    }

    [Fact]
    public async Task Resending_a_client_message_id_acks_the_original_seq_as_duplicate()
    {
        var room = TestChatServer.NewRoomId("dup");
        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        await alice.JoinAsync(room);

        var first = await alice.SendAsync(room, "once", "same-id");
        var again = await alice.SendAsync(room, "once", "same-id");

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Seq, again.Seq);
    }

    [Fact]
    public async Task Resume_after_seq_delivers_exactly_the_missed_events()
    {
        var room = TestChatServer.NewRoomId("resume");
        using var bob = await ChatTestClient.ConnectAsync(Server.Address, "bob");
        await bob.JoinAsync(room);
        long lastSeen;
        using (var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice"))
        {
            var joined = await alice.JoinAsync(room);
            var ack = await bob.SendAsync(room, "before you left");
            await alice.WaitForTextAsync(room, "before you left");
            lastSeen = ack.Seq;
            Assert.True(joined.LastSeq < lastSeen);
        }

        // alice's stream is gone: bob sees her leave, then talks on.
        await bob.WaitForEventAsync(e => e.Kind == EventKind.Leave && e.SenderId == "alice", "alice's LEAVE");
        var missed = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            missed.Add((await bob.SendAsync(room, "missed " + i)).Seq);
        }

        using var back = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        var resumed = await back.JoinAsync(room, resumeAfterSeq: lastSeen);
        var live = await bob.SendAsync(room, "live again");
        await back.WaitForTextAsync(room, "live again");

        Assert.True(resumed.Recovered);
        var expected = Enumerable.Range((int)lastSeen + 1, (int)(resumed.LastSeq - lastSeen)).Select(i => (long)i).ToList();
        Assert.Equal(expected, resumed.History.Select(e => e.Seq));
        Assert.Subset(resumed.History.Select(e => e.Seq).ToHashSet(), missed.ToHashSet());
        var liveSeqs = back.Events.Select(e => e.Seq).ToList();
        Assert.All(liveSeqs, seq => Assert.True(seq > resumed.LastSeq, "live event " + seq + " repeats the history"));
        Assert.Equal(liveSeqs.Distinct(), liveSeqs);
        Assert.Contains(live.Seq, liveSeqs);
    }

    [Fact]
    public async Task Resume_older_than_the_history_window_is_not_recovered()
    {
        var room = TestChatServer.NewRoomId("window");
        using var bob = await ChatTestClient.ConnectAsync(Server.Address, "bob");
        var first = await bob.JoinAsync(room);
        for (var i = 0; i < 60; i++)
        {
            await bob.SendAsync(room, "filler " + i);
        }

        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        var joined = await alice.JoinAsync(room, resumeAfterSeq: first.LastSeq);

        Assert.False(joined.Recovered);
        Assert.Equal(new RoomOptions().HistoryDepth, joined.History.Count);
        Assert.Equal(joined.LastSeq, joined.History[^1].Seq);
    }

    [Fact]
    public async Task Join_while_messages_flow_gives_history_then_live_events_without_gap_or_duplicate()
    {
        var room = TestChatServer.NewRoomId("race");
        using var bob = await ChatTestClient.ConnectAsync(Server.Address, "bob");
        await bob.JoinAsync(room);
        const int count = 150;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await bob.SendAsync(room, "flow " + i);
            }
        });

        using var carol = await ChatTestClient.ConnectAsync(Server.Address, "carol");
        var joined = await carol.JoinAsync(room);
        await sending;
        await carol.WaitForTextAsync(room, "flow " + (count - 1));

        var seqs = joined.History.Select(e => e.Seq).Concat(carol.Events.Select(e => e.Seq)).ToList();
        var expected = Enumerable.Range((int)seqs[0], seqs.Count).Select(i => (long)i);
        Assert.Equal(expected, seqs);
        Assert.Equal(joined.LastSeq, joined.History[^1].Seq);
    }

    [Fact]
    public async Task Stream_end_announces_leave_once_and_presence_offline_to_the_others()
    {
        var room = TestChatServer.NewRoomId("bye");
        using var bob = await ChatTestClient.ConnectAsync(Server.Address, "bob");
        await bob.JoinAsync(room);
        var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        await alice.JoinAsync(room);
        await bob.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == "alice", "alice's JOIN");

        await alice.CompleteAsync();
        Assert.Null(await alice.Recorder.Ended.WaitAsync(TestTimeouts.Signal));
        alice.Dispose();

        var leave = await bob.WaitForEventAsync(e => e.Kind == EventKind.Leave && e.SenderId == "alice", "alice's LEAVE");
        Assert.Equal("alice left the room", leave.Text);
        await bob.Recorder.WaitForAsync(f => f.Presence is { Member: { UserId: "alice", Online: false } }, "alice offline");
        await bob.SendAsync(room, "barrier");
        await bob.SendAsync(room, "barrier 2");
        using var carol = await ChatTestClient.ConnectAsync(Server.Address, "carol");
        await carol.JoinAsync(room);
        await bob.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == "carol", "carol's JOIN");
        Assert.Single(bob.Events, e => e.Kind == EventKind.Leave && e.SenderId == "alice");
        var members = await TestChatServer.CallAsync(Server, ChatCalls.ListMembers, new ListMembersRequest { RoomId = room }, "bob");
        Assert.False(members.Members.Single(m => m.UserId == "alice").Online);
    }

    [Fact]
    public async Task Leave_room_answers_left_and_removes_the_membership()
    {
        var room = TestChatServer.NewRoomId("left");
        using var bob = await ChatTestClient.ConnectAsync(Server.Address, "bob");
        await bob.JoinAsync(room);
        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        await alice.JoinAsync(room);

        var left = await alice.LeaveAsync(room);

        Assert.Equal(room, left.RoomId);
        await bob.WaitForEventAsync(e => e.Kind == EventKind.Leave && e.SenderId == "alice", "alice's LEAVE");
        var members = await TestChatServer.CallAsync(Server, ChatCalls.ListMembers, new ListMembersRequest { RoomId = room }, "bob");
        Assert.Equal(["bob"], members.Members.Select(m => m.UserId));
        var rooms = await TestChatServer.CallAsync(Server, ChatCalls.ListRooms, new ListRoomsRequest(), "alice");
        Assert.DoesNotContain(rooms.Rooms, r => r.RoomId == room);
        var error = await alice.ExpectErrorAsync(new ClientFrame { Send = new SendMessage { RoomId = room, Text = "hello?" } });
        Assert.Equal((int)global::Grpc.Core.StatusCode.FailedPrecondition, error.Code);
    }

    [Fact]
    public async Task Typing_reaches_the_others_but_not_the_typist()
    {
        var room = TestChatServer.NewRoomId("typing");
        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        using var bob = await ChatTestClient.ConnectAsync(Server.Address, "bob");
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);

        await alice.WriteAsync(new ClientFrame { Typing = new Typing { RoomId = room, Typing_ = true } });

        var notice = await bob.Recorder.WaitForAsync(f => f.Typing is not null, "the typing notice");
        Assert.Equal(("alice", true, room), (notice.Typing.UserId, notice.Typing.Typing, notice.Typing.RoomId));
        await bob.SendAsync(room, "barrier");
        await alice.WaitForTextAsync(room, "barrier");
        Assert.DoesNotContain(alice.Frames, f => f.Typing is not null);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_echoing_the_nonce()
    {
        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");

        var answer = await alice.RequestAsync(new ClientFrame { Ping = new Ping { Nonce = 42 } });

        Assert.Equal(42, answer.Pong.Nonce);
        Assert.True(answer.Pong.ServerTimeUnixMs > 0);
    }

    [Fact]
    public async Task Welcome_reports_the_session_profile_and_limits()
    {
        using var client = ChatTestClient.Connect(Server.Address);

        var welcome = await client.HelloAsync("walt", displayName: "Walt W", avatar: "🎩");

        Assert.Equal(("walt", "Walt W", "🎩"), (welcome.UserId, welcome.Profile.DisplayName, welcome.Profile.Avatar));
        Assert.NotEmpty(welcome.SessionId);
        Assert.Equal(4096u, welcome.MaxMessageBytes);
        Assert.Equal(50u, welcome.HistoryDepth);
    }

    [Fact]
    public async Task Joined_lists_members_with_presence()
    {
        var room = TestChatServer.NewRoomId("members");
        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        await alice.JoinAsync(room);
        using var bob = await ChatTestClient.ConnectAsync(Server.Address, "bob");

        var joined = await bob.JoinAsync(room);

        Assert.Equal(["alice", "bob"], joined.Members.Select(m => m.UserId).Order());
        Assert.All(joined.Members, m => Assert.True(m.Online));
        var presence = await alice.Recorder.WaitForAsync(f => f.Presence is { Member.UserId: "bob" }, "bob's presence");
        Assert.True(presence.Presence.Member.Online);
    }

    [Fact]
    public async Task One_room_subscription_serves_every_session_of_this_gateway()
    {
        var room = TestChatServer.NewRoomId("hub");
        var hub = Server.Services.GetRequiredService<RoomHub>();
        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        using var bob = await ChatTestClient.ConnectAsync(Server.Address, "bob");
        using var carol = await ChatTestClient.ConnectAsync(Server.Address, "carol");
        await alice.JoinAsync(room);
        await bob.JoinAsync(room);
        await carol.JoinAsync(room);

        var stream = Server.Services.GetStreamProvider(ChatStreams.ProviderName).GetStream<RoomStreamItem>(ChatStreams.ForRoom(room));
        Assert.Single(await stream.GetAllSubscriptionHandles());
        Assert.Single(hub.Feeds(), f => f.RoomId == room);

        await alice.LeaveAsync(room);
        await bob.LeaveAsync(room);
        Assert.Single(hub.Feeds(), f => f.RoomId == room);
        await carol.LeaveAsync(room);
        Assert.DoesNotContain(hub.Feeds(), f => f.RoomId == room);
    }

    [Fact]
    public async Task Subscribe_streams_a_rooms_events_to_a_client_without_duplex()
    {
        var room = TestChatServer.NewRoomId("subscribe");
        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        await alice.JoinAsync(room);
        await alice.SendAsync(room, "before");
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(Server.Address);
        var request = new SubscribeRequest();
        request.Rooms.Add(new JoinRoom { RoomId = room });
        using var call = new ChatService.ChatServiceClient(channel).Subscribe(request, new CallOptions(headers: TestChatServer.As("sam")));
        var recorder = new ResponseRecorder<ServerFrame>(call.ResponseStream);
        recorder.Start();

        var joined = await recorder.WaitForAsync(f => f.Joined is not null, "Joined");
        var ack = await alice.SendAsync(room, "after");
        var live = await recorder.WaitForAsync(f => f.Event is { Kind: EventKind.Text, Text: "after" }, "the live message");

        Assert.Contains(joined.Joined.History, e => e.Text == "before");
        Assert.Equal(ack.Seq, live.Event.Seq);
        Assert.Equal(ServerFrame.KindOneofCase.Welcome, recorder.Received[0].KindCase);
    }
}
