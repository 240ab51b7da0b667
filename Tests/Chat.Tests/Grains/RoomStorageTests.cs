using OrleansChat.Grains;
using OrleansChat.Runtime.Testing;

namespace OrleansChat.Chat.Tests.Grains;

/// <summary>
/// What a room writes, per state (<c>room</c>: members; <c>room-log</c>: events), and how it recovers from a failed
/// write. Each test has its own cluster with a <see cref="RecordingGrainStorage"/>.
/// </summary>
public sealed class RoomStorageTests
{
    private const string Members = "room";
    private const string Log = "room-log";

    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Message_in_a_room_of_a_thousand_members_writes_only_the_log_record()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync();
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("crowded");
        var room = cluster.Room(roomId);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(RoomError.None, (await room.Join(ChatCluster.Join("u" + i, "s" + i))).Error);
        }

        storage.TakeWrites(ChatCluster.RoomGrainId(roomId));

        var withId = await room.Post(ChatCluster.Post("u7", "hello everyone", "c1"));
        Assert.Equal([Log], storage.TakeWrites(ChatCluster.RoomGrainId(roomId)));
        var withoutId = await room.Post(ChatCluster.Post("u8", "hi"));
        Assert.Equal([Log], storage.TakeWrites(ChatCluster.RoomGrainId(roomId)));
        var resent = await room.Post(ChatCluster.Post("u7", "hello everyone", "c1"));
        Assert.Empty(storage.TakeWrites(ChatCluster.RoomGrainId(roomId)));

        Assert.Equal(withId.Seq + 1, withoutId.Seq);
        Assert.True(resent.Duplicate);
        Assert.Equal(1000, (await room.GetMembers()).Members.Count);
    }

    [Fact]
    public async Task Typing_renewals_and_a_second_session_write_nothing()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync();
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("quiet");
        var room = cluster.Room(roomId);
        await room.Join(ChatCluster.Join("alice", "a1"));
        await room.Join(ChatCluster.Join("bob", "b1"));
        storage.TakeWrites(ChatCluster.RoomGrainId(roomId));

        await room.Typing(new TypingRequest { UserId = "alice", SessionId = "a1", Typing = true });
        var renew = new RenewRequest { GatewayId = "test" };
        renew.Sessions.Add(new SessionRef { UserId = "alice", SessionId = "a1" });
        renew.Sessions.Add(new SessionRef { UserId = "bob", SessionId = "b1" });
        Assert.Empty((await room.Renew(renew)).RejectedSessionIds);
        await room.Join(ChatCluster.Join("alice", "a2"));
        await room.Disconnect(new DisconnectRequest { UserId = "alice", SessionId = "a1" });

        Assert.Empty(storage.TakeWrites(ChatCluster.RoomGrainId(roomId)));
        Assert.All((await room.GetMembers()).Members, m => Assert.True(m.Online));
    }

    [Fact]
    public async Task Membership_changes_write_the_members_then_the_log()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync();
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("comings");
        var id = ChatCluster.RoomGrainId(roomId);
        var room = cluster.Room(roomId);

        await room.Join(ChatCluster.Join("alice", "a1"));
        Assert.Equal([Members, Log], storage.TakeWrites(id));
        await room.Join(ChatCluster.Join("bob", "b1"));
        Assert.Equal([Members, Log], storage.TakeWrites(id));
        await room.Disconnect(new DisconnectRequest { UserId = "bob", SessionId = "b1" });
        Assert.Equal([Members, Log], storage.TakeWrites(id));
        await room.Leave(new LeaveRequest { UserId = "alice", SessionId = "a1" });
        Assert.Equal([Members, Log], storage.TakeWrites(id));

        var history = await room.GetHistory(new HistoryRequest());
        Assert.Equal(
            [RoomEventKind.Join, RoomEventKind.Join, RoomEventKind.Leave, RoomEventKind.Leave],
            history.Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task Profile_change_writes_the_members_and_the_log_once_and_no_change_writes_nothing()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync();
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("renamed");
        var id = ChatCluster.RoomGrainId(roomId);
        var room = cluster.Room(roomId);
        await room.Join(ChatCluster.Join("dora", "d1"));
        storage.TakeWrites(id);

        await room.ProfileChanged(new ProfileChange { UserId = "dora", DisplayName = "Dora D", Avatar = "🦊" });
        Assert.Equal([Members, Log], storage.TakeWrites(id));
        await room.ProfileChanged(new ProfileChange { UserId = "dora", DisplayName = "Dora D", Avatar = "🦊" });
        Assert.Empty(storage.TakeWrites(id));

        Assert.Equal("Dora D", Assert.Single((await room.GetMembers()).Members).DisplayName);
    }

    [Fact]
    public async Task Expired_lease_writes_the_members_and_the_log_once()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync(rooms => rooms.SessionLease = ShortLease);
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("expiring");
        await using var probe = await RoomStreamProbe.SubscribeAsync(cluster.Primary.Services, roomId);
        var room = cluster.Room(roomId);
        await room.Join(ChatCluster.Join("alice", "a1"));

        await probe.WaitForEventAsync(e => e.Kind == RoomEventKind.Leave, "alice's LEAVE");

        // The join, then the expiry; the lease timer's other rounds write nothing.
        Assert.Equal([Members, Log, Members, Log], storage.TakeWrites(ChatCluster.RoomGrainId(roomId)));
    }

    [Fact]
    public async Task Failed_log_write_acknowledges_and_publishes_nothing_and_its_seq_is_handed_out_again()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync();
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("lost-message");
        await using var probe = await RoomStreamProbe.SubscribeAsync(cluster.Primary.Services, roomId);
        var room = cluster.Room(roomId);
        await room.Join(ChatCluster.Join("alice", "a1"));
        var first = await room.Post(ChatCluster.Post("alice", "one", "c1"));

        storage.FailNextWrite(ChatCluster.RoomGrainId(roomId), Log);
        await Assert.ThrowsAnyAsync<Exception>(() => room.Post(ChatCluster.Post("alice", "lost", "c2")));
        var next = await room.Post(ChatCluster.Post("alice", "two", "c2"));

        Assert.False(next.Duplicate);
        Assert.Equal(first.Seq + 1, next.Seq);
        var history = await room.GetHistory(new HistoryRequest());
        Assert.Equal(["one", "two"], history.Events.Where(e => e.Kind == RoomEventKind.Text).Select(e => e.Text));
        Assert.Equal(next.Seq, history.LastSeq);
        await probe.WaitForEventAsync(e => e.Seq == next.Seq, "the message after the failure");
        Assert.DoesNotContain(probe.Events, e => e.Text == "lost");
    }

    [Fact]
    public async Task Failed_members_write_rolls_the_join_back()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync();
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("refused");
        var room = cluster.Room(roomId);
        var alice = await room.Join(ChatCluster.Join("alice", "a1"));

        storage.FailNextWrite(ChatCluster.RoomGrainId(roomId), Members);
        await Assert.ThrowsAnyAsync<Exception>(() => room.Join(ChatCluster.Join("bob", "b1")));

        Assert.Equal(["alice"], (await room.GetMembers()).Members.Select(m => m.UserId));
        Assert.Equal(alice.LastSeq, (await room.GetHistory(new HistoryRequest())).LastSeq);
        Assert.Equal(RoomError.NotMember, (await room.Post(ChatCluster.Post("bob", "am I in?"))).Error);
        var bob = await room.Join(ChatCluster.Join("bob", "b1"));
        Assert.True(bob.BecameMember);
        Assert.Equal(alice.LastSeq + 1, bob.LastSeq);
    }

    [Fact]
    public async Task User_whose_join_announcement_was_not_stored_is_announced_gone_after_a_lease()
    {
        await using var cluster = await ChatCluster.StartRecordingAsync(rooms => rooms.SessionLease = ShortLease);
        var storage = cluster.RecordingStorage();
        var roomId = ChatCluster.NewRoomId("half-joined");
        await using var probe = await RoomStreamProbe.SubscribeAsync(cluster.Primary.Services, roomId);
        var room = cluster.Room(roomId);
        await room.Join(ChatCluster.Join("alice", "a1"));

        // The members write (bob a member, online) goes through; the log write with his JOIN fails.
        storage.FailNextWrite(ChatCluster.RoomGrainId(roomId), Log);
        await Assert.ThrowsAnyAsync<Exception>(() => room.Join(ChatCluster.Join("bob", "b1")));

        // Bob has no session: like a user online when the room restarted, he is announced gone after a lease.
        var leave = await probe.WaitForEventAsync(e => e.Kind == RoomEventKind.Leave && e.SenderId == "bob", "bob's LEAVE");
        Assert.Equal("bob left the room", leave.Text);
        var bob = Assert.Single((await room.GetMembers()).Members, m => m.UserId == "bob");
        Assert.False(bob.Online);
        var history = await room.GetHistory(new HistoryRequest());
        Assert.DoesNotContain(history.Events, e => e.Kind == RoomEventKind.Join && e.SenderId == "bob");
    }
}
