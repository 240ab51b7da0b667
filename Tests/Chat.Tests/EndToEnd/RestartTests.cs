using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// State survives the process: each test runs its own server on a temporary --data directory, stops it
/// (gracefully with SIGTERM, or a crash with SIGKILL) and starts a new one on the same directory and a new port.
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleanschat-e2e-restart-").FullName;
    private readonly List<ChatServerProcess> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        ChatServerProcess.DeleteDirectory(_dataDirectory);
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task History_and_membership_survive_a_graceful_restart()
    {
        var room = Ids.Room("durable");
        var first = await StartServerAsync();
        var sent = new List<Ack>();
        await using (var set = new PeerSet(first))
        {
            var started = await set.AddAsync("alice", "bob");
            var (alice, bob) = (started[0], started[1]);
            await PeerSet.HelloAndJoinAsync([alice, bob], room);
            for (var i = 1; i <= 3; i++)
            {
                sent.Add(await alice.SendAsync(room, $"kept {i}"));
            }

            await bob.WaitForTextAsync(room, "kept 3");
        }

        var exitCode = await first.StopAsync();
        Assert.True(exitCode == 0, $"the server exited with code {exitCode} after SIGTERM\n{first.Describe()}");

        var second = await StartServerAsync();
        await using (var set = new PeerSet(second))
        {
            var bob = await set.AddAsync("bob");
            var rooms = await bob.ListRoomsAsync();
            Assert.True(rooms.Rooms.Any(r => r.RoomId == room), $"bob's rooms after the restart lack {room}: {rooms}");
            var members = await bob.ListMembersAsync(room);
            Assert.Contains(members.Members, m => m.UserId == "alice");
            Assert.Contains(members.Members, m => m.UserId == "bob");

            var history = await bob.GetHistoryAsync(room);
            var texts = history.Events.Where(e => e.Kind == EventKind.Text).ToList();
            Assert.Equal(new[] { "kept 1", "kept 2", "kept 3" }, texts.Select(e => e.Text));
            Assert.Equal(sent.Select(a => a.Seq), texts.Select(e => e.Seq));
            Assert.All(texts, e => Assert.Equal("alice", e.SenderId));

            // The sequence carries on: a resume from the last message is complete, a new message gets a later seq.
            await bob.HelloAsync();
            var joined = await bob.JoinAsync(room, resumeAfterSeq: sent[^1].Seq);
            Assert.True(joined.Recovered, $"resume after {sent[^1].Seq} on the restarted server: {joined}");
            Assert.DoesNotContain(joined.History, e => e.Seq <= sent[^1].Seq);
            var alice = await set.AddAsync("alice");
            await alice.HelloAsync();
            await alice.JoinAsync(room);
            var next = await alice.SendAsync(room, "after the restart");
            Assert.True(next.Seq > sent[^1].Seq, $"the first message after the restart got seq {next.Seq}, not after {sent[^1].Seq}");
            Assert.Equal(next.Seq, (await bob.WaitForTextAsync(room, "after the restart")).Seq);
        }
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Acknowledged_messages_survive_a_crash()
    {
        var room = Ids.Room("crash");
        var (sent, _) = await SendThenCrashAsync(room);

        var second = await StartServerAsync();
        await using var set = new PeerSet(second);
        var alice = await set.AddAsync("alice");
        var history = await alice.GetHistoryAsync(room);
        var texts = history.Events.Where(e => e.Kind == EventKind.Text).ToList();
        Assert.Equal(new[] { "acked 1", "acked 2", "acked 3" }, texts.Select(e => e.Text));
        Assert.Equal(sent.Select(a => a.Seq), texts.Select(e => e.Seq));

        await alice.HelloAsync();
        await alice.JoinAsync(room);
        var next = await alice.SendAsync(room, "after the crash");
        Assert.True(next.Seq > sent[^1].Seq, $"the first new message after the crash got seq {next.Seq}, reusing a seq up to {sent[^1].Seq}");
    }

    [Fact(Timeout = E2E.TestTimeoutMs)]
    public async Task Retry_of_an_acknowledged_message_after_a_crash_is_acked_as_a_duplicate()
    {
        var room = Ids.Room("crash");
        var (sent, messageIds) = await SendThenCrashAsync(room);

        var second = await StartServerAsync();
        await using var set = new PeerSet(second);
        var alice = await set.AddAsync("alice");
        await alice.HelloAsync();
        await alice.JoinAsync(room);

        // A client that never saw the last ack (the server crashed) sends it again with the same client_message_id.
        var retry = await alice.SendAsync(room, "acked 3", messageIds[^1]);
        Assert.True(retry.Duplicate, $"the retry of an acknowledged message after the crash was stored again: {retry}");
        Assert.Equal(sent[^1].Seq, retry.Seq);
        var history = await alice.GetHistoryAsync(room);
        Assert.Single(history.Events, e => e.ClientMessageId == messageIds[^1]);
    }

    /// <summary>Alice sends three messages (all acked), then the server is killed at once.</summary>
    private async Task<(List<Ack> Sent, List<string> MessageIds)> SendThenCrashAsync(string room)
    {
        var first = await StartServerAsync();
        var sent = new List<Ack>();
        var messageIds = new List<string>();
        await using (var set = new PeerSet(first))
        {
            var alice = await set.AddAsync("alice");
            await alice.HelloAsync();
            await alice.JoinAsync(room);
            for (var i = 1; i <= 3; i++)
            {
                messageIds.Add(Guid.NewGuid().ToString());
                sent.Add(await alice.SendAsync(room, $"acked {i}", messageIds[^1]));
            }

            // Crash right after the last ack: nothing gets a chance to flush.
            await first.KillAsync();
        }

        return (sent, messageIds);
    }

    private async Task<ChatServerProcess> StartServerAsync()
    {
        var server = await ChatServerProcess.StartAsync(new ServerOptions(DataDirectory: _dataDirectory));
        _servers.Add(server);
        return server;
    }
}
