using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>The C# client (Grpc.Net.Client) in a room with Python clients.</summary>
[Collection(OpenServerCollection.Name)]
public sealed class CSharpClientTests(OpenServerFixture fixture)
{
    private ChatServerProcess Server => fixture.Server;

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Message_from_the_CSharp_client_reaches_the_Python_clients_and_only_an_ack_to_the_sender()
    {
        var room = Ids.Room("csharp");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.Users("alice", "chad"));
        await using var _ = set;
        var (alice, chad) = (peers[0], peers[1]);
        await using var bob = CSharpChatClient.Connect(Server, Ids.User("bob"));

        Assert.Equal(bob.User, (await bob.HelloAsync()).UserId);
        await bob.JoinAsync(room);
        await PeerSet.HelloAndJoinAsync(peers, room);

        var messageId = Guid.NewGuid().ToString();
        var ack = await bob.SendAsync(room, "hi from C#", messageId);
        Assert.Equal((room, messageId, false), (ack.RoomId, ack.ClientMessageId, ack.Duplicate));
        foreach (var peer in peers)
        {
            var e = await peer.WaitForTextAsync(room, "hi from C#");
            Assert.Equal((ack.Seq, bob.User, messageId), (e.Seq, e.SenderId, e.ClientMessageId));
        }

        // The C# client receives the Python clients' messages, and (barrier) never its own.
        var fromPython = await alice.SendAsync(room, "hi from Python");
        var received = await bob.WaitForTextAsync(room, "hi from Python");
        Assert.Equal((fromPython.Seq, alice.User), (received.Seq, received.SenderId));
        Assert.DoesNotContain(bob.Events(), e => e.Seq == ack.Seq || e.ClientMessageId == messageId);
        Assert.Single(bob.Frames(), f => f.KindCase == ServerFrame.KindOneofCase.Ack);
        await chad.WaitForTextAsync(room, "hi from Python");
        Assert.Single(chad.Events(), e => e.Seq == ack.Seq);
    }
}
