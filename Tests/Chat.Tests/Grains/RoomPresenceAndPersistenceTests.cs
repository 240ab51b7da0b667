using OrleansChat.Grains;

namespace OrleansChat.Chat.Tests.Grains;

/// <summary>Tests that need their own cluster: short session leases, or SQLite storage across a silo restart.</summary>
public sealed class RoomPresenceAndPersistenceTests : IDisposable
{
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleanschat-grains-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Session_whose_gateway_stops_renewing_goes_offline_with_one_leave()
    {
        await using var cluster = await ChatCluster.StartAsync(rooms => rooms.SessionLease = ShortLease);
        var roomId = ChatCluster.NewRoomId("lease");
        await using var probe = await RoomStreamProbe.SubscribeAsync(cluster.Primary.Services, roomId);
        var room = cluster.Room(roomId);
        await room.Join(ChatCluster.Join("bob", "b1"));
        await room.Join(ChatCluster.Join("alice", "a1"));

        // Nobody renews: both leases run out and each user is announced gone.
        var aliceLeft = await probe.WaitForEventAsync(e => e.Kind == RoomEventKind.Leave && e.SenderId == "alice", "alice's LEAVE");
        await probe.WaitForEventAsync(e => e.Kind == RoomEventKind.Leave && e.SenderId == "bob", "bob's LEAVE");

        Assert.Equal("alice left the room", aliceLeft.Text);
        var history = await room.GetHistory(new HistoryRequest());
        Assert.Single(history.Events, e => e.Kind == RoomEventKind.Leave && e.SenderId == "alice");
        var members = await room.GetMembers();
        Assert.Equal(["alice", "bob"], members.Members.Select(m => m.UserId).Order());
        Assert.All(members.Members, m => Assert.False(m.Online));

        // A late renewal brings the member back, announced once more.
        var renew = new RenewRequest { GatewayId = "test" };
        renew.Sessions.Add(new SessionRef { UserId = "alice", SessionId = "a1" });
        Assert.Empty((await room.Renew(renew)).RejectedSessionIds);
        var back = await probe.WaitForEventAsync(e => e.Kind == RoomEventKind.Join && e.SenderId == "alice" && e.Seq > aliceLeft.Seq, "alice's second JOIN");
        Assert.Equal("alice joined the room", back.Text);
    }

    [Fact]
    public async Task Room_state_survives_a_silo_restart_with_sqlite()
    {
        var database = Path.Combine(_directory, "grains.db");
        await using var cluster = await ChatCluster.StartAsync(rooms => rooms.SessionLease = TimeSpan.FromMinutes(5), database);
        var roomId = ChatCluster.NewRoomId("durable");
        await cluster.Room(roomId).Join(ChatCluster.Join("alice", "a1"));
        await cluster.User("alice").Hello(new HelloRequest { DisplayName = "Alice" });
        await cluster.User("alice").AddRoom(roomId);
        PostResult last = new();
        for (var i = 0; i < 5; i++)
        {
            last = await cluster.Room(roomId).Post(ChatCluster.Post("alice", "durable " + i, "c" + i));
        }

        var before = await cluster.Room(roomId).GetHistory(new HistoryRequest());

        var silo = await cluster.RestartSiloAsync(cluster.Primary);

        var room = silo.GrainFactory.GetGrain<IRoomGrain>(roomId);
        var after = await room.GetHistory(new HistoryRequest());
        Assert.Equal(before.Events, after.Events);
        Assert.Equal(last.Seq, after.LastSeq);
        var resent = await room.Post(ChatCluster.Post("alice", "durable 4", "c4"));
        Assert.True(resent.Duplicate);
        Assert.Equal(last.Seq, resent.Seq);
        var next = await room.Post(ChatCluster.Post("alice", "after the restart"));
        Assert.Equal(last.Seq + 1, next.Seq);
        Assert.Equal([roomId], (await silo.GrainFactory.GetGrain<IUserGrain>("alice").GetRooms()).RoomIds);
        Assert.Equal("Alice", (await silo.GrainFactory.GetGrain<IUserGrain>("alice").GetProfile()).DisplayName);
    }

    [Fact]
    public async Task User_online_when_the_silo_stopped_is_announced_gone_once_after_a_lease()
    {
        var database = Path.Combine(_directory, "grains.db");
        await using var cluster = await ChatCluster.StartAsync(rooms => rooms.SessionLease = ShortLease, database);
        var roomId = ChatCluster.NewRoomId("orphan");
        await cluster.Room(roomId).Join(ChatCluster.Join("alice", "a1"));

        var silo = await cluster.RestartSiloAsync(cluster.Primary);

        // The room comes back knowing alice was online; no gateway renews her session, so she is announced gone.
        await using var probe = await RoomStreamProbe.SubscribeAsync(silo.Services, roomId);
        var room = silo.GrainFactory.GetGrain<IRoomGrain>(roomId);
        Assert.True(Assert.Single((await room.GetMembers()).Members).Online);
        var leave = await probe.WaitForEventAsync(e => e.Kind == RoomEventKind.Leave, "alice's LEAVE");
        Assert.Equal("alice", leave.SenderId);
        var history = await room.GetHistory(new HistoryRequest());
        Assert.Single(history.Events, e => e.Kind == RoomEventKind.Leave);
        Assert.Single(history.Events, e => e.Kind == RoomEventKind.Join);
        Assert.False(Assert.Single((await room.GetMembers()).Members).Online);
    }

    [Fact]
    public async Task User_back_within_a_lease_after_a_restart_is_not_announced_again()
    {
        var database = Path.Combine(_directory, "grains.db");
        await using var cluster = await ChatCluster.StartAsync(rooms => rooms.SessionLease = TimeSpan.FromMinutes(5), database);
        var roomId = ChatCluster.NewRoomId("seamless");
        await cluster.Room(roomId).Join(ChatCluster.Join("alice", "a1"));

        var silo = await cluster.RestartSiloAsync(cluster.Primary);
        var room = silo.GrainFactory.GetGrain<IRoomGrain>(roomId);
        var renew = new RenewRequest { GatewayId = "test" };
        renew.Sessions.Add(new SessionRef { UserId = "alice", SessionId = "a1" });
        await room.Renew(renew);
        await room.Join(ChatCluster.Join("alice", "a2"));

        var history = await room.GetHistory(new HistoryRequest());
        Assert.Single(history.Events, e => e.Kind == RoomEventKind.Join);
        Assert.DoesNotContain(history.Events, e => e.Kind == RoomEventKind.Leave);
        Assert.True(Assert.Single((await room.GetMembers()).Members).Online);
    }
}
