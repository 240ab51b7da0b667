using OrleansChat.Grains;
using OrleansChat.Runtime.Testing;

namespace OrleansChat.Chat.Tests.Grains;

[Collection(SharedClusterCollection.Name)]
public sealed class RoomGrainTests(SharedClusterFixture fixture)
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Messages_get_consecutive_seqs_in_the_order_they_are_posted()
    {
        var roomId = ChatCluster.NewRoomId("order");
        var room = Cluster.Room(roomId);
        var joined = await room.Join(ChatCluster.Join("alice", "s1"));

        var seqs = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            var result = await room.Post(ChatCluster.Post("alice", "message " + i));
            Assert.Equal(RoomError.None, result.Error);
            seqs.Add(result.Seq);
        }

        Assert.Equal(Enumerable.Range((int)joined.LastSeq + 1, 10).Select(i => (long)i), seqs);
        var history = await room.GetHistory(new HistoryRequest());
        var texts = history.Events.Where(e => e.Kind == RoomEventKind.Text).ToList();
        Assert.Equal(seqs, texts.Select(e => e.Seq));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "message " + i), texts.Select(e => e.Text));
    }

    [Fact]
    public async Task Every_event_is_published_on_the_room_stream_in_seq_order()
    {
        var roomId = ChatCluster.NewRoomId("stream");
        await using var probe = await RoomStreamProbe.SubscribeAsync(Cluster.Primary.Services, roomId);
        var room = Cluster.Room(roomId);
        await room.Join(ChatCluster.Join("alice", "s1"));
        PostResult last = new();
        for (var i = 0; i < 20; i++)
        {
            last = await room.Post(ChatCluster.Post("alice", "m" + i));
        }

        await probe.WaitForEventAsync(e => e.Seq == last.Seq, "the last message");
        Assert.Equal(Enumerable.Range(1, (int)last.Seq).Select(i => (long)i), probe.Events.Select(e => e.Seq));
        Assert.Equal(RoomEventKind.Join, probe.Events[0].Kind);
        Assert.Contains(probe.Items, i => i.KindCase == RoomStreamItem.KindOneofCase.Presence && i.Presence.Member.UserId == "alice" && i.Presence.Member.Online);
    }

    [Fact]
    public async Task History_keeps_the_last_fifty_events_and_an_older_resume_is_not_recovered()
    {
        var roomId = ChatCluster.NewRoomId("ring");
        var room = Cluster.Room(roomId);
        await room.Join(ChatCluster.Join("alice", "s1"));
        PostResult last = new();
        for (var i = 0; i < 60; i++)
        {
            last = await room.Post(ChatCluster.Post("alice", "m" + i));
        }

        var history = await room.GetHistory(new HistoryRequest());
        Assert.Equal(50, history.Events.Count);
        Assert.Equal(Enumerable.Range((int)last.Seq - 49, 50).Select(i => (long)i), history.Events.Select(e => e.Seq));

        var tooOld = await room.Join(ChatCluster.Join("bob", "s2", resumeAfterSeq: 3));
        Assert.False(tooOld.Recovered);
        Assert.Equal(50, tooOld.History.Count);

        var inWindow = await room.Join(ChatCluster.Join("carol", "s3", resumeAfterSeq: last.Seq - 5));
        Assert.True(inWindow.Recovered);
        Assert.Equal(Enumerable.Range((int)last.Seq - 4, (int)(inWindow.LastSeq - last.Seq + 5)).Select(i => (long)i), inWindow.History.Select(e => e.Seq));
    }

    [Fact]
    public async Task Resending_a_client_message_id_stores_the_message_once_and_acks_the_original_seq()
    {
        var room = Cluster.Room(ChatCluster.NewRoomId("dedupe"));
        await room.Join(ChatCluster.Join("alice", "s1"));

        var first = await room.Post(ChatCluster.Post("alice", "hello", "id-1"));
        var again = await room.Post(ChatCluster.Post("alice", "hello", "id-1"));
        var otherSender = await room.Join(ChatCluster.Join("bob", "s2"));
        var sameIdOtherUser = await room.Post(ChatCluster.Post("bob", "hello", "id-1"));

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal((first.Seq, first.MessageId, first.ServerTimeUnixMs), (again.Seq, again.MessageId, again.ServerTimeUnixMs));
        Assert.False(sameIdOtherUser.Duplicate);
        Assert.True(sameIdOtherUser.Seq > otherSender.LastSeq);
        var history = await room.GetHistory(new HistoryRequest());
        Assert.Single(history.Events, e => e.ClientMessageId == "id-1" && e.SenderId == "alice");
    }

    [Fact]
    public async Task Several_sessions_of_one_user_announce_join_once_and_leave_once_when_the_last_ends()
    {
        var roomId = ChatCluster.NewRoomId("sessions");
        var room = Cluster.Room(roomId);
        await room.Join(ChatCluster.Join("bob", "b1"));
        await room.Join(ChatCluster.Join("alice", "a1"));
        await room.Join(ChatCluster.Join("alice", "a2"));
        await room.Disconnect(new DisconnectRequest { UserId = "alice", SessionId = "a1" });

        var afterFirstDisconnect = await room.GetHistory(new HistoryRequest());
        Assert.Single(afterFirstDisconnect.Events, e => e.Kind == RoomEventKind.Join && e.SenderId == "alice");
        Assert.DoesNotContain(afterFirstDisconnect.Events, e => e.Kind == RoomEventKind.Leave);

        await room.Disconnect(new DisconnectRequest { UserId = "alice", SessionId = "a2" });
        await room.Disconnect(new DisconnectRequest { UserId = "alice", SessionId = "a2" });

        var history = await room.GetHistory(new HistoryRequest());
        var leave = Assert.Single(history.Events, e => e.Kind == RoomEventKind.Leave);
        Assert.Equal(("alice", "alice left the room"), (leave.SenderId, leave.Text));
        var members = await room.GetMembers();
        var alice = Assert.Single(members.Members, m => m.UserId == "alice");
        Assert.False(alice.Online);
    }

    [Fact]
    public async Task Explicit_leave_removes_the_membership_and_announces_leave_once()
    {
        var room = Cluster.Room(ChatCluster.NewRoomId("leave"));
        await room.Join(ChatCluster.Join("alice", "a1"));
        await room.Join(ChatCluster.Join("bob", "b1"));

        var left = await room.Leave(new LeaveRequest { UserId = "alice", SessionId = "a1" });
        await room.Disconnect(new DisconnectRequest { UserId = "alice", SessionId = "a1" });

        Assert.True(left.MembershipRemoved);
        var members = await room.GetMembers();
        Assert.DoesNotContain(members.Members, m => m.UserId == "alice");
        var history = await room.GetHistory(new HistoryRequest());
        Assert.Single(history.Events, e => e.Kind == RoomEventKind.Leave && e.SenderId == "alice");
        Assert.Equal(RoomError.NotMember, (await room.Post(ChatCluster.Post("alice", "still here?"))).Error);
    }

    [Fact]
    public async Task Message_sent_while_offline_is_delivered_on_join_with_resume()
    {
        var room = Cluster.Room(ChatCluster.NewRoomId("offline"));
        var first = await room.Join(ChatCluster.Join("alice", "a1"));
        await room.Join(ChatCluster.Join("bob", "b1"));
        var seen = (await room.GetHistory(new HistoryRequest())).LastSeq;
        await room.Disconnect(new DisconnectRequest { UserId = "alice", SessionId = "a1" });

        var missed = await room.Post(ChatCluster.Post("bob", "while you were out"));
        var back = await room.Join(ChatCluster.Join("alice", "a2", resumeAfterSeq: seen));

        Assert.False(back.BecameMember);
        Assert.True(first.BecameMember);
        Assert.True(back.Recovered);
        Assert.Equal(Enumerable.Range((int)seen + 1, (int)(back.LastSeq - seen)).Select(i => (long)i), back.History.Select(e => e.Seq));
        Assert.Contains(back.History, e => e.Seq == missed.Seq && e.Text == "while you were out");
    }

    [Fact]
    public async Task Posting_without_membership_is_refused()
    {
        var room = Cluster.Room(ChatCluster.NewRoomId("strangers"));
        await room.Join(ChatCluster.Join("alice", "a1"));

        var result = await room.Post(ChatCluster.Post("mallory", "hi"));

        Assert.Equal(RoomError.NotMember, result.Error);
    }

    [Fact]
    public async Task A_room_nobody_joined_reports_not_found()
    {
        var room = Cluster.Room(ChatCluster.NewRoomId("nobody"));

        Assert.Equal(RoomError.NotFound, (await room.GetHistory(new HistoryRequest())).Error);
        Assert.Equal(RoomError.NotFound, (await room.GetMembers()).Error);
        Assert.Equal(RoomError.NotFound, (await room.GetSummary("alice")).Error);
    }

    [Fact]
    public async Task Renewing_an_unknown_session_of_a_non_member_is_rejected()
    {
        var room = Cluster.Room(ChatCluster.NewRoomId("renew"));
        await room.Join(ChatCluster.Join("alice", "a1"));
        var request = new RenewRequest { GatewayId = "test" };
        request.Sessions.Add(new SessionRef { UserId = "alice", SessionId = "a1" });
        request.Sessions.Add(new SessionRef { UserId = "mallory", SessionId = "m1" });

        var result = await room.Renew(request);

        Assert.Equal(["m1"], result.RejectedSessionIds);
    }

    [Fact]
    public async Task Profile_change_is_pushed_to_each_room_of_the_user()
    {
        var rooms = new[] { ChatCluster.NewRoomId("profile-a"), ChatCluster.NewRoomId("profile-b") };
        var user = Cluster.User("dora");
        await user.Hello(new HelloRequest());
        foreach (var roomId in rooms)
        {
            await Cluster.Room(roomId).Join(ChatCluster.Join("dora", "d1"));
            await user.AddRoom(roomId);
        }

        var update = await user.UpdateProfile(new ProfileUpdateRequest { DisplayName = "Dora D", Avatar = "🦊" });

        Assert.Equal(("Dora D", "🦊"), (update.Profile.DisplayName, update.Profile.Avatar));
        foreach (var roomId in rooms)
        {
            var history = await Cluster.Room(roomId).GetHistory(new HistoryRequest());
            var change = Assert.Single(history.Events, e => e.Kind == RoomEventKind.Profile);
            Assert.Equal(("Dora D", "🦊", "dora is now known as Dora D"), (change.SenderDisplayName, change.SenderAvatar, change.Text));
            var member = Assert.Single((await Cluster.Room(roomId).GetMembers()).Members);
            Assert.Equal(("Dora D", "🦊"), (member.DisplayName, member.Avatar));
        }
    }

    [Fact]
    public async Task Invalid_profile_change_names_the_field_and_changes_nothing()
    {
        var user = Cluster.User("eve");
        await user.Hello(new HelloRequest { DisplayName = "Eve" });

        var badAvatar = await user.UpdateProfile(new ProfileUpdateRequest { Avatar = "not an emoji" });
        var badName = await user.UpdateProfile(new ProfileUpdateRequest { DisplayName = "line\nbreak" });

        Assert.Equal("avatar", badAvatar.InvalidField);
        Assert.Equal("display_name", badName.InvalidField);
        Assert.Equal("Eve", (await user.GetProfile()).DisplayName);
    }
}
