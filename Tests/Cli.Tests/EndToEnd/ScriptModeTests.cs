using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace OrleansChat.Cli.Tests.EndToEnd;

/// <summary>The CLI driven through stdin/stdout (pipes, <c>--message</c>, <c>--json</c>) against a real server process.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ScriptModeTests : IAsyncLifetime
{
    private readonly TempDirectory _data = new("orleanschat-cli-e2e-");
    private SiloProcess? _silo;

    private SiloProcess Silo => _silo ?? throw new InvalidOperationException("the server did not start");

    public async Task InitializeAsync() => _silo = await SiloProcess.StartAsync(_data.Path);

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.StopAsync();
            await _silo.DisposeAsync();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task PipedLines_AllArriveInOrder()
    {
        await using var bob = await StartListenerAsync("bob");
        var lines = Enumerable.Range(1, 30).Select(i => $"piped line {i}").ToList();

        await using var alice = CliProcess.Start("alice", "general", Silo.Address);
        foreach (var line in lines)
        {
            await alice.WriteLineAsync(line);
        }

        alice.CloseInput();
        Assert.Equal(0, await alice.WaitForExitAsync(TestTimeoutsE2E.Exit));

        await bob.Stdout.WaitForLineAsync(l => l.Contains("\"text\":\"piped line 30\"", StringComparison.Ordinal), TestTimeoutsE2E.Line, "the last piped line at bob");
        var received = Messages(bob, from: "alice");
        Assert.Equal(lines, received.Select(m => m.Text));
        Assert.True(received.Zip(received.Skip(1)).All(p => p.First.Seq < p.Second.Seq), "seqs increase");
        bob.CloseInput();
        Assert.Equal(0, await bob.WaitForExitAsync(TestTimeoutsE2E.Exit));
    }

    [Fact]
    public async Task Message_Acknowledged_ExitsZeroAndPrintsTheAck()
    {
        await using var alice = CliProcess.Start("alice", "general", Silo.Address, "--message", "just once", "--json");

        Assert.Equal(0, await alice.WaitForExitAsync(TestTimeoutsE2E.Exit));
        var ack = JsonDocument.Parse(Assert.Single(alice.Stdout.Snapshot())).RootElement;
        Assert.Equal("ack", ack.GetProperty("type").GetString());
        Assert.True(ack.GetProperty("seq").GetInt64() > 0);
        Assert.Empty(alice.Stderr.Snapshot());
    }

    [Fact]
    public async Task Message_NothingListeningOnThePort_ExitsNonZeroWithAClearMessage()
    {
        var port = FreePort();

        await using var alice = CliProcess.Start("alice", "general", $"127.0.0.1:{port}", "--message", "anyone?");

        Assert.Equal(1, await alice.WaitForExitAsync(TestTimeoutsE2E.Exit));
        Assert.Equal(
            [$"error: cannot reach 127.0.0.1:{port}: connection refused — is the server running? (dotnet run --project Silo)"],
            alice.Stderr.Snapshot());
    }

    [Fact]
    public async Task ServerKilledAndRestarted_TheConversationGoesOnWithoutGapOrDuplicate()
    {
        await using var bob = await StartListenerAsync("bob");
        await using var alice = CliProcess.Start("alice", "general", Silo.Address, "--json");
        await alice.Stdout.WaitForLineAsync(l => l.Contains("\"type\":\"joined\"", StringComparison.Ordinal), TestTimeoutsE2E.Line, "alice joined");

        for (var i = 1; i <= 5; i++)
        {
            await alice.WriteLineAsync($"before {i}");
        }

        await bob.Stdout.WaitForLineAsync(l => l.Contains("\"text\":\"before 5\"", StringComparison.Ordinal), TestTimeoutsE2E.Line, "'before 5' at bob");

        var port = Silo.Port;
        await Silo.KillAsync();
        await alice.WriteLineAsync("during 1");
        await alice.WriteLineAsync("during 2");
        await bob.Stdout.WaitForLineAsync(l => l.Contains("\"type\":\"reconnecting\"", StringComparison.Ordinal), TestTimeoutsE2E.Line, "bob noticing the crash");
        await Silo.DisposeAsync();
        _silo = await SiloProcess.StartAsync(_data.Path, port);

        await bob.Stdout.WaitForLineAsync(l => l.Contains("\"text\":\"during 2\"", StringComparison.Ordinal), TestTimeoutsE2E.Line, "'during 2' at bob after the restart");
        for (var i = 1; i <= 3; i++)
        {
            await alice.WriteLineAsync($"after {i}");
        }

        alice.CloseInput();
        Assert.Equal(0, await alice.WaitForExitAsync(TestTimeoutsE2E.Exit));
        await bob.Stdout.WaitForLineAsync(l => l.Contains("\"text\":\"after 3\"", StringComparison.Ordinal), TestTimeoutsE2E.Line, "'after 3' at bob");
        bob.CloseInput();
        Assert.Equal(0, await bob.WaitForExitAsync(TestTimeoutsE2E.Exit));

        string[] expected = ["before 1", "before 2", "before 3", "before 4", "before 5", "during 1", "during 2", "after 1", "after 2", "after 3"];
        var received = Messages(bob, from: "alice");
        Assert.Equal(expected, received.Select(m => m.Text));
        Assert.Equal(received.Count, received.Select(m => m.Seq).Distinct().Count());
        Assert.True(received.Zip(received.Skip(1)).All(p => p.First.Seq < p.Second.Seq), "seqs increase");
        var allSeqs = Events(bob).Where(e => e.Room == "general").Select(e => e.Seq).ToList();
        Assert.Equal(allSeqs.Count, allSeqs.Distinct().Count());
        var acked = JsonLines(alice).Where(j => j.GetProperty("type").GetString() == "ack").Select(j => j.GetProperty("text").GetString()).Distinct();
        Assert.Equal(expected, acked);
    }

    private async Task<CliProcess> StartListenerAsync(string user)
    {
        var cli = CliProcess.Start(user, "general", Silo.Address, "--json");
        await cli.Stdout.WaitForLineAsync(l => l.Contains("\"type\":\"joined\"", StringComparison.Ordinal), TestTimeoutsE2E.Line, $"{user} joined");
        return cli;
    }

    private static List<(string Room, long Seq, string From, string Text)> Messages(CliProcess cli, string from)
        => Events(cli).Where(e => e.Type == "message" && e.From == from).Select(e => (e.Room, e.Seq, e.From, e.Text)).ToList();

    private static List<(string Type, string Room, long Seq, string From, string Text)> Events(CliProcess cli)
        => JsonLines(cli)
            .Where(j => j.TryGetProperty("seq", out _) && j.TryGetProperty("from", out _))
            .Select(j => (j.GetProperty("type").GetString()!, j.GetProperty("room").GetString()!, j.GetProperty("seq").GetInt64(), j.GetProperty("from").GetString()!, j.GetProperty("text").GetString()!))
            .ToList();

    private static List<JsonElement> JsonLines(CliProcess cli)
        => cli.Stdout.Snapshot().Select(l => JsonDocument.Parse(l).RootElement).ToList();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
