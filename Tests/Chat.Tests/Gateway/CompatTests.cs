using OrleansChat.Chat.Tests.Grains;
using Grpc.Core;
using Grpc.Net.Client;
using OrleansChat.Protocol.Compat;
using OrleansChat.Protocol.V1;
using OrleansChat.Silo.Hosting;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>The seed app's <c>chat.ChatService/JoinChat</c>, served by the same rooms as chat.v1.</summary>
[Collection(GatewayServerCollection.Name)]
public sealed class CompatTests(GatewayServerFixture fixture)
{
    private ChatServer Server => fixture.Server;

    [Fact]
    public async Task Join_chat_round_trip_with_a_chat_v1_client()
    {
        var room = TestChatServer.NewRoomId("compat");
        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        await alice.JoinAsync(room);
        await alice.SendAsync(room, "said before bob came");

        using var bob = await CompatClient.JoinAsync(Server.Address, "bob", "Bobby", room);
        var history = await bob.Recorder.WaitForAsync(m => m.Message == "said before bob came", "the history message");
        Assert.Equal((MessageType.Text, "alice", room), (history.Type, history.UserId, history.RoomId));
        await alice.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == "bob", "bob's JOIN");

        var ack = await alice.SendAsync(room, "hi bob");
        var live = await bob.Recorder.WaitForAsync(m => m.Message == "hi bob", "alice's live message");
        Assert.Equal((MessageType.Text, "alice", "alice"), (live.Type, live.UserId, live.Username));
        Assert.True(live.Timestamp > 0);

        await bob.SendAsync(new ChatMessage { UserId = "bob", Username = "Bobby", Type = MessageType.Text, Message = "hi alice", RoomId = room });
        var fromBob = await alice.WaitForTextAsync(room, "hi alice");
        Assert.Equal(("bob", "Bobby"), (fromBob.SenderId, fromBob.SenderDisplayName));
        Assert.True(fromBob.Seq > ack.Seq);

        using var carol = await CompatClient.JoinAsync(Server.Address, "carol", "carol", room);
        var joinNotice = await bob.Recorder.WaitForAsync(m => m.Type == MessageType.Join && m.UserId == "carol", "carol's JOIN");
        Assert.Equal("carol joined the room", joinNotice.Message);
        await carol.SendAsync(new ChatMessage { UserId = "carol", Type = MessageType.Leave, RoomId = room });
        Assert.Null(await carol.Recorder.Ended.WaitAsync(TestTimeouts.Signal));
        var leaveNotice = await bob.Recorder.WaitForAsync(m => m.Type == MessageType.Leave && m.UserId == "carol", "carol's LEAVE");
        Assert.Equal("carol left the room", leaveNotice.Message);

        // Barrier: alice's next message reaches bob after anything of his own would have.
        await alice.SendAsync(room, "barrier");
        await bob.Recorder.WaitForAsync(m => m.Message == "barrier", "the barrier");
        Assert.DoesNotContain(bob.Recorder.Received, m => m.Message == "hi alice");
    }

    [Fact]
    public async Task Join_chat_sends_recent_text_history_oldest_first()
    {
        var room = TestChatServer.NewRoomId("compat-history");
        using var alice = await ChatTestClient.ConnectAsync(Server.Address, "alice");
        await alice.JoinAsync(room);
        for (var i = 0; i < 5; i++)
        {
            await alice.SendAsync(room, "old " + i);
        }

        using var bob = await CompatClient.JoinAsync(Server.Address, "bob", "bob", room);
        await bob.Recorder.WaitForAsync(m => m.Message == "old 4", "the last history message");

        var texts = bob.Recorder.Received.Where(m => m.Type == MessageType.Text).Select(m => m.Message);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => "old " + i), texts);
        Assert.DoesNotContain(bob.Recorder.Received, m => m.Type == MessageType.Join && m.UserId == "alice");
    }

    [Fact]
    public async Task Join_chat_must_start_with_a_join()
    {
        using var client = CompatClient.Connect(Server.Address);

        await client.SendAsync(new ChatMessage { UserId = "bob", Type = MessageType.Text, Message = "hi", RoomId = "general" });
        var error = await client.Recorder.WaitForErrorAsync();

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Empty(client.Recorder.Received);
    }

    private sealed class CompatClient : IDisposable
    {
        private readonly GrpcChannel _channel;
        private readonly AsyncDuplexStreamingCall<ChatMessage, ChatMessage> _call;

        private CompatClient(Uri address, Metadata? headers)
        {
            _channel = GrpcChannel.ForAddress(address);
            _call = new Protocol.Compat.ChatService.ChatServiceClient(_channel).JoinChat(new CallOptions(headers: headers));
            Recorder = new ResponseRecorder<ChatMessage>(_call.ResponseStream);
            Recorder.Start();
        }

        public ResponseRecorder<ChatMessage> Recorder { get; }

        public static CompatClient Connect(Uri address, Metadata? headers = null) => new(address, headers);

        public static async Task<CompatClient> JoinAsync(Uri address, string userId, string username, string roomId)
        {
            var client = new CompatClient(address, null);
            await client.SendAsync(new ChatMessage { UserId = userId, Username = username, Type = MessageType.Join, RoomId = roomId });
            return client;
        }

        public Task SendAsync(ChatMessage message) => _call.RequestStream.WriteAsync(message);

        public void Dispose()
        {
            _call.Dispose();
            _channel.Dispose();
        }
    }
}
