using System.Diagnostics;
using Grpc.Core;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// A real cluster on this machine: silo processes (<c>--role silo</c>) and gateway processes (<c>--role gateway</c>)
/// sharing one <c>--data</c> directory (<c>--cluster sqlite</c>: membership table and grain state in SQLite files).
/// Clients talk to the gateways only; silos come and go under them.
/// </summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private const int ClusterTestTimeoutMs = 150_000;
    private const int Rooms = 6;

    /// <summary>How long the cluster may take to notice a crashed silo and move its rooms (membership death timeout is 10 s).</summary>
    private static readonly TimeSpan FailoverLimit = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("orleanschat-e2e-cluster-").FullName;
    private readonly List<ChatServerProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }

        ChatServerProcess.DeleteDirectory(_dataDirectory);
    }

    [Fact(Timeout = ClusterTestTimeoutMs)]
    public async Task Messages_cross_gateways_live_and_every_acknowledged_message_survives_a_silo_joining_and_the_first_silo_crashing()
    {
        var silo1 = await StartAsync("silo");
        var gateway1 = await StartAsync("gateway");
        var gateway2 = await StartAsync("gateway");
        var rooms = Enumerable.Range(0, Rooms).Select(i => Ids.Room("cluster" + i)).ToList();
        var expected = rooms.ToDictionary(r => r, _ => new List<Ack>());

        // Live across gateways: alice on one gateway, bob on the other, every room hosted by silo1.
        await using (var alice = CSharpChatClient.Connect(gateway1, Ids.User("alice")))
        await using (var bob = CSharpChatClient.Connect(gateway2, Ids.User("bob")))
        {
            await alice.HelloAsync();
            await bob.HelloAsync();
            foreach (var room in rooms)
            {
                await alice.JoinAsync(room);
                await bob.JoinAsync(room);
            }

            foreach (var room in rooms)
            {
                var ack = await alice.SendAsync(room, "before " + room, Guid.NewGuid().ToString("N"));
                expected[room].Add(ack);
                var received = await bob.WaitForTextAsync(room, "before " + room);
                Assert.Equal((ack.Seq, alice.User), (received.Seq, received.SenderId));
            }
        }

        // A second silo joins: placement now hashes over two silos, so about half of the rooms move to it.
        var silo2 = await StartAsync("silo");
        foreach (var room in rooms)
        {
            expected[room].Add(await SendUntilAcknowledgedAsync(gateway2, Ids.User("alice"), room, "after join " + room));
        }

        // The first silo crashes: its rooms come back on silo2 from storage, without losing an acknowledged message.
        await silo1.KillAsync();
        foreach (var room in rooms)
        {
            expected[room].Add(await SendUntilAcknowledgedAsync(gateway1, Ids.User("alice"), room, "after crash " + room));
        }

        foreach (var room in rooms)
        {
            var history = await HistoryAsync(gateway2, Ids.User("carol"), room);
            var texts = history.Where(e => e.Kind == EventKind.Text).ToList();
            Assert.Equal(expected[room].Select(a => a.Seq), texts.Select(e => e.Seq));
            Assert.Equal(new[] { "before " + room, "after join " + room, "after crash " + room }, texts.Select(e => e.Text));
        }

        // And live delivery works again across the two gateways, now served by silo2 alone.
        var last = rooms[^1];
        await using var reader = CSharpChatClient.Connect(gateway2, Ids.User("bob"));
        await reader.HelloAsync();
        await reader.JoinAsync(last);
        var final = await SendUntilAcknowledgedAsync(gateway1, Ids.User("alice"), last, "live again");
        Assert.Equal(final.Seq, (await reader.WaitForTextAsync(last, "live again")).Seq);
        Assert.False(silo2.HasExited, silo2.Describe());
    }

    [Fact(Timeout = ClusterTestTimeoutMs)]
    public async Task A_live_session_never_silently_misses_a_message_when_a_silo_hosting_its_rooms_crashes()
    {
        await StartAsync("silo");
        var silo2 = await StartAsync("silo");
        var gateway1 = await StartAsync("gateway");
        var gateway2 = await StartAsync("gateway");
        var rooms = Enumerable.Range(0, 4).Select(i => Ids.Room("live" + i)).ToList();
        var lastSeen = new Dictionary<string, long>();

        await using var reader = CSharpChatClient.Connect(gateway2, Ids.User("bob"));
        await reader.HelloAsync();
        foreach (var room in rooms)
        {
            await reader.JoinAsync(room);
            var before = await SendUntilAcknowledgedAsync(gateway1, Ids.User("alice"), room, "before " + room);
            lastSeen[room] = (await reader.WaitForTextAsync(room, "before " + room)).Seq;
            Assert.Equal(before.Seq, lastSeen[room]);
        }

        // Both silos host some of the rooms (placement hashes over the two); the first one crashes.
        await _processes[0].KillAsync();
        foreach (var room in rooms)
        {
            var ack = await SendUntilAcknowledgedAsync(gateway1, Ids.User("alice"), room, "after crash " + room);

            // The session either gets the message live (its room feed resumed on the new silo, or never moved), or is
            // told to resume (its stream ends) — and then a resume from its last seq recovers exactly what it missed.
            // What it must never do is stay connected and miss it: that wait would time out and fail the test.
            ChatEvent? live = null;
            try
            {
                live = await reader.WaitForTextAsync(room, "after crash " + room);
            }
            catch (EndToEndException exception) when (exception.Message.Contains("the Connect call ended", StringComparison.Ordinal))
            {
                // Told to resume.
            }

            if (live is not null)
            {
                Assert.Equal(ack.Seq, live.Seq);
                continue;
            }

            await using var resumed = CSharpChatClient.Connect(gateway2, Ids.User("bob"));
            await resumed.HelloAsync();
            var joined = await resumed.RequestExpectingAsync(
                new ClientFrame { Join = new JoinRoom { RoomId = room, ResumeAfterSeq = lastSeen[room] } },
                ServerFrame.KindOneofCase.Joined,
                f => f.Joined);
            Assert.True(joined.Recovered, $"resume of {room} after seq {lastSeen[room]}: {joined}");
            Assert.Contains(joined.History, e => e.Kind == EventKind.Text && e.Seq == ack.Seq && e.Text == "after crash " + room);
        }

        Assert.False(silo2.HasExited, silo2.Describe());
    }

    [Fact(Timeout = ClusterTestTimeoutMs)]
    public async Task A_gateway_started_before_any_silo_serves_clients_once_a_silo_is_up()
    {
        // The gateway prints its listening line only once it sees an active silo, so start both together.
        var gatewayStart = StartAsync("gateway");
        var silo = await StartAsync("silo");
        var gateway = await gatewayStart;
        var room = Ids.Room("late");

        var ack = await SendUntilAcknowledgedAsync(gateway, Ids.User("alice"), room, "hello cluster");

        var history = await HistoryAsync(gateway, Ids.User("bob"), room);
        Assert.Contains(history, e => e.Kind == EventKind.Text && e.Seq == ack.Seq && e.Text == "hello cluster");
        Assert.False(silo.HasExited, silo.Describe());
    }

    internal static async Task<Ack> SendUntilAcknowledgedAsync(ChatServerProcess gateway, string user, string room, string text)
    {
        // What a client does when its server fails it: reconnect and send again with the same client message id,
        // which the room deduplicates.
        var clientMessageId = Guid.NewGuid().ToString("N");
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        while (true)
        {
            try
            {
                await using var client = CSharpChatClient.Connect(gateway, user);
                await client.HelloAsync();
                await client.JoinAsync(room);
                return await client.SendAsync(room, text, clientMessageId);
            }
            catch (Exception exception) when (IsFailure(exception) && clock.Elapsed < FailoverLimit)
            {
                failures.Add(exception.Message.Split('\n')[0]);
                await Task.Delay(TimeSpan.FromMilliseconds(500)); // back off before the next attempt, as a client would
            }
            catch (Exception exception) when (IsFailure(exception))
            {
                throw new EndToEndException($"'{text}' was not acknowledged within {FailoverLimit.TotalSeconds} s; attempts failed with:\n"
                    + string.Join('\n', failures.TakeLast(5)) + "\nlast: " + exception.Message + "\n" + gateway.Describe());
            }
        }
    }

    private static bool IsFailure(Exception exception) =>
        exception is EndToEndException or RpcException or IOException or InvalidOperationException or HttpRequestException;

    internal static async Task<IReadOnlyList<ChatEvent>> HistoryAsync(ChatServerProcess gateway, string user, string room)
    {
        await using var client = CSharpChatClient.Connect(gateway, user);
        await client.HelloAsync();
        return [.. (await client.JoinAsync(room)).History];
    }

    private async Task<ChatServerProcess> StartAsync(string role)
    {
        var process = await ChatServerProcess.StartAsync(new ServerOptions(
            DataDirectory: _dataDirectory,
            Extra: ["--cluster", "sqlite", "--role", role, "--silo-port", "0"]));
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }
}
