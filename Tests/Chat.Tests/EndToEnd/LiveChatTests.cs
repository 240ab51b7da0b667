using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// The chat domain end to end: a real server process on loopback and Python gRPC clients (one process
/// each). Negative checks ("Bob gets no echo") use a later message in the same room as the barrier: events of
/// a room arrive in seq order, so anything that was going to arrive before it has arrived.
/// </summary>
[Collection(OpenServerCollection.Name)]
public sealed class LiveChatTests(OpenServerFixture fixture)
{
    private ChatServerProcess Server => fixture.Server;

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Message_sent_before_others_join_is_delivered_on_their_join()
    {
        var room = Ids.Room("early");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob", "chad"));
        await using var _ = set;
        var (alice, bob, chad) = (peers[0], peers[1], peers[2]);

        await alice.HelloAsync();
        await alice.JoinAsync(room);
        var messageId = Guid.NewGuid().ToString();
        var ack = await alice.SendAsync(room, "hello before you came", messageId);

        await Task.WhenAll(bob.HelloAsync(), chad.HelloAsync());
        var joined = await Task.WhenAll(bob.JoinAsync(room), chad.JoinAsync(room));

        foreach (var (peer, j) in new[] { (bob, joined[0]), (chad, joined[1]) })
        {
            Assert.Equal(room, j.RoomId);
            var early = j.History.Where(e => e.Kind == EventKind.Text).ToList();
            var message = Assert.Single(early);
            Assert.Equal("hello before you came", message.Text);
            Assert.Equal(alice.User, message.SenderId);
            Assert.Equal(room, message.RoomId);
            Assert.Equal(ack.Seq, message.Seq);
            Assert.Equal(messageId, message.ClientMessageId);
            Assert.False(string.IsNullOrEmpty(message.MessageId), $"{peer.User}: the history event has no message_id");
            AssertAscendingSeqs(j.History, $"{peer.User}'s join history");
            Assert.True(j.LastSeq >= ack.Seq, $"{peer.User}: Joined.last_seq {j.LastSeq} is below the acked seq {ack.Seq}");
        }

        // Alice, online all along, sees both arrive.
        await alice.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == bob.User && e.RoomId == room, "bob's JOIN event");
        await alice.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == chad.User && e.RoomId == room, "chad's JOIN event");
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Message_sent_while_everyone_is_online_reaches_the_others_and_only_an_ack_to_the_sender()
    {
        var room = Ids.Room("live");
        var users = Ids.Users("alice", "bob", "chad");
        var (set, peers) = await PeerSet.StartAsync(Server, users[0], users[1], users[2], users[1]);
        await using var _ = set;
        var (alice, bob, chad, bobOnPhone) = (peers[0], peers[1], peers[2], peers[3]);
        await PeerSet.HelloAndJoinAsync(peers, room);

        var messageId = Guid.NewGuid().ToString();
        var ack = await bob.SendAsync(room, "bob says hi", messageId);
        Assert.Equal(room, ack.RoomId);
        Assert.Equal(messageId, ack.ClientMessageId);
        Assert.False(ack.Duplicate);
        Assert.True(ack.Seq > 0, $"ack seq {ack.Seq}");

        foreach (var receiver in new[] { alice, chad, bobOnPhone })
        {
            var e = await receiver.WaitForTextAsync(room, "bob says hi");
            Assert.Equal(ack.Seq, e.Seq);
            Assert.Equal(bob.User, e.SenderId);
            Assert.Equal(messageId, e.ClientMessageId);
            Assert.Equal(room, e.RoomId);
        }

        // Barrier: a later message in the same room. Everything before it has reached bob by now.
        var marker = await alice.SendAsync(room, "marker from alice");
        Assert.True(marker.Seq > ack.Seq);
        await bob.WaitForTextAsync(room, "marker from alice");
        Assert.DoesNotContain(bob.Events(), e => e.Seq == ack.Seq || e.ClientMessageId == messageId);
        foreach (var receiver in new[] { chad, bobOnPhone })
        {
            await receiver.WaitForTextAsync(room, "marker from alice");
            Assert.Single(receiver.Events(), e => e.Seq == ack.Seq);
        }

        // The ack is the only frame that answers bob's send.
        Assert.Single(bob.Frames(), f => f.KindCase == ServerFrame.KindOneofCase.Ack && f.Ack.Seq == ack.Seq);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Same_client_message_id_twice_is_stored_once_and_acked_as_duplicate()
    {
        var room = Ids.Room("idem");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob"));
        await using var _ = set;
        var (alice, bob) = (peers[0], peers[1]);
        await PeerSet.HelloAndJoinAsync(peers, room);

        var messageId = Guid.NewGuid().ToString();
        var first = await alice.SendAsync(room, "only once", messageId);
        var second = await alice.SendAsync(room, "only once", messageId);
        Assert.False(first.Duplicate);
        Assert.True(second.Duplicate, $"the second send of {messageId} was acked with duplicate=false: {second}");
        Assert.Equal(first.Seq, second.Seq);

        await alice.SendAsync(room, "after the retry");
        await bob.WaitForTextAsync(room, "after the retry");
        Assert.Single(bob.Events(), e => e.ClientMessageId == messageId);
        var history = await bob.GetHistoryAsync(room);
        Assert.Single(history.Events, e => e.ClientMessageId == messageId);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Rooms_are_isolated()
    {
        var kitchen = Ids.Room("kitchen");
        var garden = Ids.Room("garden");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob", "chad"));
        await using var _ = set;
        var (alice, bob, chad) = (peers[0], peers[1], peers[2]);
        await alice.HelloAsync();
        await alice.JoinAsync(kitchen);
        await bob.HelloAsync();
        await bob.JoinAsync(garden);
        await chad.HelloAsync();
        await chad.JoinAsync(kitchen);
        await chad.JoinAsync(garden);

        var kitchenAcks = new List<Ack>();
        for (var i = 1; i <= 5; i++)
        {
            kitchenAcks.Add(await chad.SendAsync(kitchen, $"kitchen {i}"));
        }

        var gardenAck = await chad.SendAsync(garden, "garden 1");

        var inGarden = await bob.WaitForTextAsync(garden, "garden 1");
        Assert.Equal(gardenAck.Seq, inGarden.Seq);
        await alice.WaitForTextAsync(kitchen, "kitchen 5");
        await chad.SendAsync(kitchen, "kitchen last");
        await alice.WaitForTextAsync(kitchen, "kitchen last");

        Assert.All(bob.Events(), e => Assert.Equal(garden, e.RoomId));
        Assert.All(alice.Events(), e => Assert.Equal(kitchen, e.RoomId));
        Assert.DoesNotContain(alice.Events(), e => e.Text.StartsWith("garden", StringComparison.Ordinal));

        // Each room has its own sequence: the garden holds at most bob's join, chad's join and one message.
        Assert.True(gardenAck.Seq <= 3, $"the first message in {garden} got seq {gardenAck.Seq}; a room's seq must not count other rooms' events");
        Assert.True(kitchenAcks[^1].Seq >= 5, $"kitchen 5 got seq {kitchenAcks[^1].Seq}");

        var gardenHistory = await bob.GetHistoryAsync(garden);
        Assert.Equal(new[] { "garden 1" }, gardenHistory.Events.Where(e => e.Kind == EventKind.Text).Select(e => e.Text));
        var kitchenHistory = await alice.GetHistoryAsync(kitchen);
        Assert.DoesNotContain(kitchenHistory.Events, e => e.RoomId != kitchen || e.Text.StartsWith("garden", StringComparison.Ordinal));
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task GetHistory_with_a_limit_returns_the_last_messages_in_order()
    {
        var room = Ids.Room("hist");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob", "chad"));
        await using var _ = set;
        var alice = peers[0];
        foreach (var peer in peers)
        {
            Assert.Equal(50u, (await peer.HelloAsync()).HistoryDepth);
            await peer.JoinAsync(room);
        }

        // 60 messages, one after another, from three senders in turn (20 each keeps every sender within the
        // server's default per-user rate limit: 20 messages/s sustained, bursts of 40).
        var sent = new List<(string Text, string Sender, long Seq)>();
        for (var i = 1; i <= 60; i++)
        {
            var sender = peers[i % 3];
            sent.Add(($"m{i}", sender.User, (await sender.SendAsync(room, $"m{i}")).Seq));
        }

        AssertAscendingSeqs(sent.Select(m => new ChatEvent { Seq = m.Seq }), "the acks of m1..m60");
        var seqByText = sent.ToDictionary(m => m.Text, m => m.Seq);

        var last10 = await alice.GetHistoryAsync(room, limit: 10);
        Assert.Equal(room, last10.RoomId);
        Assert.Equal(Enumerable.Range(51, 10).Select(i => $"m{i}"), last10.Events.Select(e => e.Text));
        Assert.Equal(Enumerable.Range(51, 10).Select(i => seqByText[$"m{i}"]), last10.Events.Select(e => e.Seq));
        Assert.Equal(sent.Skip(50).Select(m => m.Sender), last10.Events.Select(e => e.SenderId));
        Assert.True(last10.LastSeq >= seqByText["m60"], $"last_seq {last10.LastSeq} < seq of m60 {seqByText["m60"]}");

        var before = await alice.GetHistoryAsync(room, limit: 5, beforeSeq: seqByText["m51"]);
        Assert.Equal(Enumerable.Range(46, 5).Select(i => $"m{i}"), before.Events.Select(e => e.Text));

        var byDefault = await alice.GetHistoryAsync(room);
        Assert.InRange(byDefault.Events.Count, 1, 50);
        Assert.Equal("m60", byDefault.Events[^1].Text);
        AssertAscendingSeqs(byDefault.Events, "the default history");

        // A fresh JOIN replays the default depth (50) of the most recent history, ending with m60.
        var latecomer = await set.AddAsync(Ids.User("dave"));
        await latecomer.HelloAsync();
        var joined = await latecomer.JoinAsync(room);
        Assert.Equal(50, joined.History.Count);
        AssertAscendingSeqs(joined.History, "the join history");
        var texts = joined.History.Where(e => e.Kind == EventKind.Text).Select(e => e.Text).ToList();
        Assert.True(
            texts.Count >= 49 && texts.SequenceEqual(Enumerable.Range(61 - texts.Count, texts.Count).Select(i => $"m{i}")),
            $"the join history's messages are not the most recent ones ending with m60: {string.Join(", ", texts)}");
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task SendBatch_stores_every_message_and_answers_with_count_and_seq_range()
    {
        var room = Ids.Room("batch");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob"));
        await using var _ = set;
        var (alice, bob) = (peers[0], peers[1]);
        await PeerSet.HelloAndJoinAsync([alice, bob], room);

        var result = await alice.SendBatchAsync(room, 5, "b");
        Assert.Equal(5u, result.Count);
        Assert.Equal(4, result.LastSeq - result.FirstSeq);

        var live = new List<ChatEvent>();
        for (var i = 1; i <= 5; i++)
        {
            live.Add(await bob.WaitForTextAsync(room, $"b{i}"));
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => result.FirstSeq + i), live.Select(e => e.Seq));
        Assert.All(live, e => Assert.Equal(alice.User, e.SenderId));

        var history = await bob.GetHistoryAsync(room, limit: 5);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"b{i}"), history.Events.Select(e => e.Text));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => result.FirstSeq + i), history.Events.Select(e => e.Seq));
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task One_stream_in_two_rooms_receives_both_rooms_events_each_with_its_room_id()
    {
        var north = Ids.Room("north");
        var south = Ids.Room("south");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob", "chad"));
        await using var _ = set;
        var (alice, bob, chad) = (peers[0], peers[1], peers[2]);
        await alice.HelloAsync();
        Assert.Equal(north, (await alice.JoinAsync(north)).RoomId);
        Assert.Equal(south, (await alice.JoinAsync(south)).RoomId);
        await bob.HelloAsync();
        await bob.JoinAsync(north);
        await chad.HelloAsync();
        await chad.JoinAsync(south);

        var northAck = await bob.SendAsync(north, "hello north");
        var southAck = await chad.SendAsync(south, "hello south");

        var fromNorth = await alice.WaitForTextAsync(north, "hello north");
        var fromSouth = await alice.WaitForTextAsync(south, "hello south");
        Assert.Equal((north, northAck.Seq, bob.User), (fromNorth.RoomId, fromNorth.Seq, fromNorth.SenderId));
        Assert.Equal((south, southAck.Seq, chad.User), (fromSouth.RoomId, fromSouth.Seq, fromSouth.SenderId));
        Assert.DoesNotContain(alice.Events(), e => e.RoomId != north && e.RoomId != south);

        var left = await alice.LeaveAsync(north);
        Assert.Equal(north, left.RoomId);
        await chad.SendAsync(south, "still here?");
        Assert.Equal(south, (await alice.WaitForTextAsync(south, "still here?")).RoomId);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Join_leave_and_profile_changes_reach_the_room()
    {
        var room = Ids.Room("people");
        var erin = Ids.User("erin");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.User("alice"), erin);
        await using var _ = set;
        var (alice, newcomer) = (peers[0], peers[1]);
        await alice.HelloAsync();
        await alice.JoinAsync(room);

        await newcomer.HelloAsync();
        var joined = await newcomer.JoinAsync(room);
        Assert.Contains(joined.Members, m => m.UserId == alice.User);
        var join = await alice.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == erin, $"{erin}'s JOIN event");
        Assert.Equal(room, join.RoomId);
        Assert.Contains(erin, join.Text, StringComparison.OrdinalIgnoreCase);

        var members = await alice.ListMembersAsync(room);
        Assert.Contains(members.Members, m => m.UserId == erin);

        var profile = await newcomer.UnaryOkAsync<Profile>("update_profile", new { display_name = "Erin the Great", avatar = "🦊" });
        Assert.Equal(("Erin the Great", "🦊"), (profile.DisplayName, profile.Avatar));
        var change = await alice.WaitForEventAsync(e => e.Kind == EventKind.Profile && e.SenderId == erin, $"{erin}'s PROFILE event");
        Assert.Equal(room, change.RoomId);
        Assert.False(string.IsNullOrWhiteSpace(change.Text), "the PROFILE event has no readable text");
        Assert.Equal(("Erin the Great", "🦊"), (change.SenderDisplayName, change.SenderAvatar));

        var seen = await alice.UnaryOkAsync<Profile>("get_profile", new { user_id = erin });
        Assert.Equal(("Erin the Great", "🦊"), (seen.DisplayName, seen.Avatar));

        await newcomer.LeaveAsync(room);
        var leave = await alice.WaitForEventAsync(e => e.Kind == EventKind.Leave && e.SenderId == erin, $"{erin}'s LEAVE event");
        Assert.Equal(room, leave.RoomId);
        Assert.False(string.IsNullOrWhiteSpace(leave.Text), "the LEAVE event has no readable text");
        Assert.True(join.Seq < change.Seq && change.Seq < leave.Seq, $"seqs out of order: join {join.Seq}, profile {change.Seq}, leave {leave.Seq}");

        var after = await alice.ListMembersAsync(room);
        Assert.DoesNotContain(after.Members, m => m.UserId == erin);
        var rooms = await newcomer.ListRoomsAsync();
        Assert.DoesNotContain(rooms.Rooms, r => r.RoomId == room);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Subscribe_streams_a_rooms_events_to_a_client_without_a_duplex_stream()
    {
        var room = Ids.Room("sub");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob"));
        await using var _ = set;
        var (alice, bob) = (peers[0], peers[1]);
        await alice.HelloAsync();
        await alice.JoinAsync(room);
        var before = await alice.SendAsync(room, "before subscribing");

        bob.Post("subscribe", new { rooms = new[] { new { room_id = room } } });
        var joined = await bob.WaitForAsync(l => l.Stream == "subscribe" && l.Frame?.KindCase == ServerFrame.KindOneofCase.Joined, "bob's Joined on the Subscribe stream", stream: "subscribe");
        Assert.Equal(room, joined.Frame!.Joined.RoomId);
        Assert.Contains(joined.Frame.Joined.History, e => e.Seq == before.Seq && e.Text == "before subscribing");

        var ack = await alice.SendAsync(room, "while subscribed");
        var live = await bob.WaitForTextAsync(room, "while subscribed", stream: "subscribe");
        Assert.Equal(ack.Seq, live.Seq);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Join_with_a_history_limit_gets_at_most_that_many_recent_events()
    {
        var room = Ids.Room("limit");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob", "chad"));
        await using var _ = set;
        var (alice, bob, chad) = (peers[0], peers[1], peers[2]);
        await alice.HelloAsync();
        await alice.JoinAsync(room);
        var acks = new List<Ack>();
        for (var i = 1; i <= 5; i++)
        {
            acks.Add(await alice.SendAsync(room, $"m{i}"));
        }

        await bob.HelloAsync();
        var limited = await bob.JoinAsync(room, historyLimit: 3);
        Assert.InRange(limited.History.Count, 1, 3);
        AssertAscendingSeqs(limited.History, "the limited history");
        var texts = limited.History.Where(e => e.Kind == EventKind.Text).Select(e => e.Text).ToList();
        Assert.True(
            texts.Count > 0 && texts.SequenceEqual(Enumerable.Range(6 - texts.Count, texts.Count).Select(i => $"m{i}")),
            $"history_limit 3 after m1..m5: expected the most recent messages ending with m5, got {limited}");

        await chad.HelloAsync();
        var full = await chad.JoinAsync(room);
        Assert.Equal(acks.Select(a => a.Seq), full.History.Where(e => e.Kind == EventKind.Text).Select(e => e.Seq));
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Typing_notice_reaches_the_other_members_of_the_room()
    {
        var room = Ids.Room("typing");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "bob"));
        await using var _ = set;
        var (alice, bob) = (peers[0], peers[1]);
        await PeerSet.HelloAndJoinAsync(peers, room);

        alice.PostFrame("typing", new { room_id = room, typing = true });
        var notice = await bob.WaitForAsync(l => l.Frame?.KindCase == ServerFrame.KindOneofCase.Typing, $"{bob.User}: alice's typing notice", stream: "connect");
        Assert.Equal((room, alice.User, true), (notice.Frame!.Typing.RoomId, notice.Frame.Typing.UserId, notice.Frame.Typing.Typing));
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Ping_is_answered_with_a_pong_carrying_the_nonce()
    {
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.User("alice"));
        await using var _ = set;
        await peers[0].HelloAsync();
        var pong = await peers[0].PingAsync(424242);
        Assert.Equal(424242, pong.Nonce);
    }

    internal static void AssertAscendingSeqs(IEnumerable<ChatEvent> events, string what)
    {
        var seqs = events.Select(e => e.Seq).ToList();
        for (var i = 1; i < seqs.Count; i++)
        {
            Assert.True(seqs[i - 1] < seqs[i], $"{what} is not in ascending seq order: {string.Join(", ", seqs)}");
        }
    }
}
