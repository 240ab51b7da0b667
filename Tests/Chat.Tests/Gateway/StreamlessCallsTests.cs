using Grpc.Core;
using Grpc.Net.Client;
using OrleansChat.Protocol.V1;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>
/// Send, SetTyping and LeaveRoom: what a client without client streaming (a browser over gRPC-Web) uses next to
/// Subscribe.
/// </summary>
[Collection(GatewayServerCollection.Name)]
public sealed class StreamlessCallsTests(GatewayServerFixture fixture)
{
    private ChatServer Server => fixture.Server;

    [Fact]
    public async Task Send_stores_the_message_acks_it_and_the_room_and_the_senders_subscription_get_it()
    {
        var room = TestChatServer.NewRoomId("send");
        using var other = await ChatTestClient.ConnectAsync(Server.Address, "olga");
        await other.JoinAsync(room);
        using var subscription = await SubscribeAsync("wendy", room);

        var ack = await TestChatServer.CallAsync(Server, ChatCalls.Send, new SendMessage { RoomId = room, Text = "from a browser", ClientMessageId = "w-1" }, "wendy");
        var again = await TestChatServer.CallAsync(Server, ChatCalls.Send, new SendMessage { RoomId = room, Text = "from a browser", ClientMessageId = "w-1" }, "wendy");

        var seen = await other.WaitForTextAsync(room, "from a browser");
        var own = await subscription.Recorder.WaitForAsync(f => f.Event is { Kind: EventKind.Text, ClientMessageId: "w-1" }, "wendy's own message on her subscription");
        Assert.Equal((room, "w-1", false), (ack.RoomId, ack.ClientMessageId, ack.Duplicate));
        Assert.Equal((ack.Seq, true), (again.Seq, again.Duplicate));
        Assert.Equal((ack.Seq, "wendy"), (seen.Seq, seen.SenderId));
        Assert.Equal(ack.Seq, own.Event.Seq);
    }

    [Fact]
    public async Task Send_to_a_room_not_joined_fails_precondition_and_bad_text_names_the_field()
    {
        var room = TestChatServer.NewRoomId("send-stranger");
        using var owner = await ChatTestClient.ConnectAsync(Server.Address, "owner");
        await owner.JoinAsync(room);

        var stranger = await Assert.ThrowsAsync<RpcException>(() =>
            TestChatServer.CallAsync(Server, ChatCalls.Send, new SendMessage { RoomId = room, Text = "let me in" }, "stranger"));
        var empty = await Assert.ThrowsAsync<RpcException>(() =>
            TestChatServer.CallAsync(Server, ChatCalls.Send, new SendMessage { RoomId = room, Text = " " }, "owner"));

        Assert.Equal((StatusCode.FailedPrecondition, "room_id"), (stranger.StatusCode, stranger.Trailers.GetValue("error-field")));
        Assert.Equal((StatusCode.InvalidArgument, "text"), (empty.StatusCode, empty.Trailers.GetValue("error-field")));
    }

    [Fact]
    public async Task Set_typing_reaches_the_other_members()
    {
        var room = TestChatServer.NewRoomId("typing");
        using var other = await ChatTestClient.ConnectAsync(Server.Address, "olga");
        await other.JoinAsync(room);
        using var subscription = await SubscribeAsync("tim", room);

        var accepted = await TestChatServer.CallAsync(Server, ChatCalls.SetTyping, new Typing { RoomId = room, Typing_ = true }, "tim");

        Assert.True(accepted.Published);
        var notice = await other.Recorder.WaitForAsync(f => f.Typing is { UserId: "tim" }, "tim's typing notice");
        Assert.Equal((room, true), (notice.Typing.RoomId, notice.Typing.Typing));
    }

    [Fact]
    public async Task Leave_room_ends_the_membership_even_with_a_subscription_open_and_the_room_sees_the_leave()
    {
        var room = TestChatServer.NewRoomId("leave");
        using var other = await ChatTestClient.ConnectAsync(Server.Address, "olga");
        await other.JoinAsync(room);
        using var subscription = await SubscribeAsync("lena", room);

        var left = await TestChatServer.CallAsync(Server, ChatCalls.Leave, new LeaveRoom { RoomId = room }, "lena");

        Assert.Equal(room, left.RoomId);
        await other.WaitForEventAsync(e => e.Kind == EventKind.Leave && e.SenderId == "lena", "lena's LEAVE");
        var members = await TestChatServer.CallAsync(Server, ChatCalls.ListMembers, new ListMembersRequest { RoomId = room }, "olga");
        Assert.DoesNotContain(members.Members, m => m.UserId == "lena");
        var again = await Assert.ThrowsAsync<RpcException>(() =>
            TestChatServer.CallAsync(Server, ChatCalls.Leave, new LeaveRoom { RoomId = room }, "lena"));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task Subscribe_streams_announce_and_send_heartbeats_and_connect_streams_do_not()
    {
        await using var server = await TestChatServer.StartAsync(o => o.Gateway.SubscribeHeartbeatInterval = TimeSpan.FromMilliseconds(50));
        var room = TestChatServer.NewRoomId("heartbeat");
        using var connect = await ChatTestClient.ConnectAsync(server.Address, "quiet");
        using var subscription = await SubscribeAsync(server, "hugo", room);

        var welcome = subscription.Recorder.Received[0].Welcome;
        var beat = await subscription.Recorder.WaitForAsync(f => f.Pong is not null, "a heartbeat on a quiet room");
        await connect.JoinAsync(room);

        Assert.Equal(50u, welcome.HeartbeatIntervalMs);
        Assert.Equal(0, beat.Pong.Nonce);
        Assert.True(beat.Pong.ServerTimeUnixMs > 0);
        Assert.DoesNotContain(connect.Frames, f => f.Pong is not null);
        Assert.Equal(0u, connect.Frames[0].Welcome.HeartbeatIntervalMs);
    }

    private Task<Subscription> SubscribeAsync(string userId, string room) => SubscribeAsync(Server, userId, room);

    private static async Task<Subscription> SubscribeAsync(ChatServer server, string userId, string room)
    {
        var channel = GrpcChannel.ForAddress(server.Address);
        var request = new SubscribeRequest();
        request.Rooms.Add(new JoinRoom { RoomId = room });
        var call = new ChatService.ChatServiceClient(channel).Subscribe(request, new CallOptions(headers: TestChatServer.As(userId)));
        var subscription = new Subscription(channel, call);
        await subscription.Recorder.WaitForAsync(f => f.Joined is not null, userId + "'s Joined");
        return subscription;
    }

    private sealed class Subscription : IDisposable
    {
        private readonly GrpcChannel _channel;
        private readonly AsyncServerStreamingCall<ServerFrame> _call;

        public Subscription(GrpcChannel channel, AsyncServerStreamingCall<ServerFrame> call)
        {
            _channel = channel;
            _call = call;
            Recorder = new ResponseRecorder<ServerFrame>(call.ResponseStream);
            Recorder.Start();
        }

        public ResponseRecorder<ServerFrame> Recorder { get; }

        public void Dispose()
        {
            _call.Dispose();
            _channel.Dispose();
        }
    }
}
