using OrleansChat.Protocol.Compat;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// The seed app's wire format (<c>chat.ChatService/JoinChat</c>, compat.proto) served by the same gateway: a
/// seed-style Python client shares a room with chat.v1 clients.
/// </summary>
[Collection(OpenServerCollection.Name)]
public sealed class CompatTests(OpenServerFixture fixture)
{
    private ChatServerProcess Server => fixture.Server;

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Seed_client_gets_history_and_chats_live_with_a_v1_client_and_sees_join_and_leave_sentences()
    {
        var room = Ids.Room("compat");
        var carl = Guid.NewGuid().ToString(); // seed clients make their ids with str(uuid.uuid4())
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.User("alice"), carl);
        await using var _ = set;
        var (alice, seed) = (peers[0], peers[1]);
        await alice.HelloAsync();
        await alice.JoinAsync(room);
        await alice.SendAsync(room, "said before carl came");

        seed.CompatJoin(room, "Carl");
        var history = await seed.WaitForCompatAsync(m => m.Message == "said before carl came", "the history message");
        Assert.Equal(MessageType.Text, history.Type);
        Assert.Equal(alice.User, history.UserId);
        Assert.Equal(room, history.RoomId);
        Assert.True(history.Timestamp > 0, $"history timestamp {history.Timestamp}");
        Assert.Equal("said before carl came", seed.CompatMessages().First(m => m.Type == MessageType.Text).Message);

        // The v1 client sees the seed client join, then its messages.
        var join = await alice.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == carl, $"{carl}'s JOIN event");
        Assert.Equal(room, join.RoomId);
        seed.CompatSend("hi from the old app");
        var fromSeed = await alice.WaitForTextAsync(room, "hi from the old app");
        Assert.Equal(carl, fromSeed.SenderId);
        Assert.True(fromSeed.Seq > join.Seq);

        // And the seed client sees the v1 client's messages live.
        await alice.SendAsync(room, "hi carl, from v1");
        var live = await seed.WaitForCompatAsync(m => m.Message == "hi carl, from v1", "alice's live message");
        Assert.Equal((MessageType.Text, alice.User, room), (live.Type, live.UserId, live.RoomId));

        // JOIN and LEAVE of a v1 user arrive as readable sentences.
        var (bobSet, bobs) = await PeerSet.StartAsync(Server, Ids.User("bob"));
        await using var __ = bobSet;
        var bob = bobs[0];
        await bob.HelloAsync();
        await bob.JoinAsync(room);
        var bobJoined = await seed.WaitForCompatAsync(m => m.Type == MessageType.Join && m.UserId == bob.User, "bob's JOIN");
        AssertSentenceAbout(bobJoined, bob.User);
        await bob.LeaveAsync(room);
        var bobLeft = await seed.WaitForCompatAsync(m => m.Type == MessageType.Leave && m.UserId == bob.User, "bob's LEAVE");
        AssertSentenceAbout(bobLeft, bob.User);

        // A LEAVE from the seed client leaves the room.
        seed.CompatLeave();
        var leave = await alice.WaitForEventAsync(e => e.Kind == EventKind.Leave && e.SenderId == carl, $"{carl}'s LEAVE event");
        Assert.Equal(room, leave.RoomId);
        Assert.False(string.IsNullOrWhiteSpace(leave.Text));
        var members = await alice.ListMembersAsync(room);
        Assert.DoesNotContain(members.Members, m => m.UserId == carl);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Seed_client_that_ends_its_stream_leaves_the_room()
    {
        var room = Ids.Room("compat");
        var dina = Ids.User("dina");
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.User("alice"), dina);
        await using var _ = set;
        var (alice, seed) = (peers[0], peers[1]);
        await alice.HelloAsync();
        await alice.JoinAsync(room);

        seed.CompatJoin(room, "Dina");
        await alice.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == dina, $"{dina}'s JOIN event");
        seed.CompatSend("bye now");
        await alice.WaitForTextAsync(room, "bye now");

        seed.CompatClose();
        var leave = await alice.WaitForEventAsync(e => e.Kind == EventKind.Leave && e.SenderId == dina, $"{dina}'s LEAVE after her stream ended");
        Assert.Equal(room, leave.RoomId);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Two_seed_clients_chat_with_each_other()
    {
        var room = Ids.Room("compat");
        var (one, two) = (Ids.User("sam"), Ids.User("tia"));
        var (set, peers) = await PeerSet.StartAsync(Server, Ids.User("alice"), one, two);
        await using var _ = set;
        var (alice, sam, tia) = (peers[0], peers[1], peers[2]);
        await alice.HelloAsync();
        await alice.JoinAsync(room);

        // A seed client gets no answer to its JOIN; the v1 member seeing it is the signal that sam is in.
        sam.CompatJoin(room, "Sam");
        await alice.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == one, "sam's JOIN event");
        tia.CompatJoin(room, "Tia");
        var tiaJoined = await sam.WaitForCompatAsync(m => m.Type == MessageType.Join && m.UserId == two, "tia's JOIN");
        AssertSentenceAbout(tiaJoined, two, "Tia");

        tia.CompatSend("hello sam");
        var got = await sam.WaitForCompatAsync(m => m.Message == "hello sam", "tia's message");
        Assert.Equal((MessageType.Text, two, room), (got.Type, got.UserId, got.RoomId));
        Assert.Equal("Tia", got.Username);
    }

    private static void AssertSentenceAbout(ChatMessage message, params string[] names)
    {
        Assert.False(string.IsNullOrWhiteSpace(message.Message), $"{message.Type} has no sentence: {message}");
        Assert.True(message.Message.Contains(' ', StringComparison.Ordinal), $"{message.Type} message '{message.Message}' is not a sentence");
        Assert.True(
            names.Any(n => message.Message.Contains(n, StringComparison.OrdinalIgnoreCase)),
            $"{message.Type} sentence '{message.Message}' names none of {string.Join(", ", names)}");
    }
}
