using OrleansChat.Chat.Tests.Gateway;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// Clients written with other gRPC stacks — Node's @grpc/grpc-js and Ruby's grpc core — chat with a C# client
/// (Grpc.Net.Client) through the real server process: health and reflection, chat.v1 live messages and history,
/// status codes with the field trailer, deadlines, cancellation, and the seed-compatible service with UUID user ids.
/// </summary>
[Collection(OpenServerCollection.Name)]
public sealed class PeerScenarioTests(OpenServerFixture fixture)
{
    private ChatServerProcess Server => fixture.Server;

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Node_grpc_js_client_chats_live_with_a_dotnet_client_and_sees_health_reflection_and_precise_statuses()
    {
        var nora = Ids.User("nora");
        var (room, carolId, carol) = await StartRoomAsync("node", "before node came");
        using var carolClient = carol;

        await using var node = ScenarioPeer.StartNode(Server, nora, room);

        Assert.Equal("SERVING", (string?)(await node.WaitForStepAsync("health"))["status"]);
        var services = (await node.WaitForStepAsync("reflection"))["services"]!.AsArray().Select(s => (string?)s).ToList();
        Assert.Contains("chat.v1.ChatService", services);
        Assert.Contains("chat.ChatService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Contains("before node came", (await node.WaitForStepAsync("joined"))["history"]!.AsArray().Select(t => (string?)t));

        var acked = await node.WaitForStepAsync("acked");
        var fromNode = await carol.WaitForTextAsync(room, "hello from node");
        Assert.Equal((nora, (long)acked["seq"]!), (fromNode.SenderId, fromNode.Seq));
        var reply = await carol.SendAsync(room, "reply to node");
        var received = await node.WaitForStepAsync("received");
        Assert.Equal((carolId, reply.Seq), ((string?)received["sender"], (long)received["seq"]!));
        string[] conversation = ["before node came", "hello from node", "reply to node"];
        var history = (await node.WaitForStepAsync("history"))["texts"]!.AsArray().Select(t => (string?)t);
        Assert.Equal(conversation, history.Where(conversation.Contains));

        Assert.Equal("NOT_FOUND", (string?)(await node.WaitForStepAsync("not_found"))["code"]);
        var invalid = await node.WaitForStepAsync("invalid");
        Assert.Equal(("INVALID_ARGUMENT", "room_id"), ((string?)invalid["code"], (string?)invalid["field"]));
        Assert.StartsWith("room_id ", (string?)invalid["details"], StringComparison.Ordinal);
        Assert.Equal("DEADLINE_EXCEEDED", (string?)(await node.WaitForStepAsync("deadline"))["code"]);
        Assert.Equal("CANCELLED", (string?)(await node.WaitForStepAsync("cancelled"))["code"]);

        var compat = await node.WaitForStepAsync("compat");
        var seedUser = (string)compat["user_id"]!;
        Assert.True(Guid.TryParse(seedUser, out _), seedUser);
        var seedText = await carol.WaitForTextAsync(room, "seed says hi");
        Assert.Equal((seedUser, (long)compat["seq"]!), (seedText.SenderId, seedText.Seq));
        await node.WaitForStepAsync("done");
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Ruby_grpc_client_chats_live_with_a_dotnet_client_and_a_seed_client_with_a_uuid_id_gets_the_history()
    {
        var rita = Ids.User("rita");
        var (room, carolId, carol) = await StartRoomAsync("ruby", "before ruby came");
        using var carolClient = carol;

        await using var ruby = ScenarioPeer.StartRuby(Server, rita, room);

        Assert.Contains("before ruby came", (await ruby.WaitForStepAsync("joined"))["history"]!.AsArray().Select(t => (string?)t));
        var acked = await ruby.WaitForStepAsync("acked");
        var fromRuby = await carol.WaitForTextAsync(room, "hello from ruby");
        Assert.Equal((rita, (long)acked["seq"]!), (fromRuby.SenderId, fromRuby.Seq));
        var reply = await carol.SendAsync(room, "reply to ruby");
        var received = await ruby.WaitForStepAsync("received");
        Assert.Equal((carolId, reply.Seq), ((string?)received["sender"], (long)received["seq"]!));

        Assert.Contains(rita, (await ruby.WaitForStepAsync("members"))["users"]!.AsArray().Select(u => (string?)u));
        Assert.Equal("UNAUTHENTICATED", (string?)(await ruby.WaitForStepAsync("denied"))["code"]);
        Assert.Equal("DEADLINE_EXCEEDED", (string?)(await ruby.WaitForStepAsync("deadline"))["code"]);

        var compat = await ruby.WaitForStepAsync("compat");
        var seedUser = (string)compat["user_id"]!;
        Assert.True(Guid.TryParse(seedUser, out _), seedUser);
        string[] conversation = ["before ruby came", "hello from ruby", "reply to ruby"];
        Assert.Equal(conversation, compat["history"]!.AsArray().Select(t => (string?)t).Where(conversation.Contains));
        var seedJoin = await carol.WaitForEventAsync(e => e.Kind == EventKind.Join && e.SenderId == seedUser, "the seed client's JOIN");
        Assert.Equal(room, seedJoin.RoomId);
        await ruby.WaitForStepAsync("done");
    }

    // A room that a C# client (Grpc.Net.Client) has joined and said something in before the peer comes.
    private async Task<(string Room, string CarolId, ChatTestClient Carol)> StartRoomAsync(string purpose, string firstMessage)
    {
        var room = Ids.Room(purpose);
        var carolId = Ids.User("carol");
        var carol = await ChatTestClient.ConnectAsync(new Uri(Server.Address), carolId);
        await carol.JoinAsync(room);
        await carol.SendAsync(room, firstMessage);
        return (room, carolId, carol);
    }
}
