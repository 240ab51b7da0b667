using OrleansChat.Protocol.V1;
using OrleansChat.Runtime.Tests.Postgres;

namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>
/// A cluster as it runs across hosts: membership table and grain state in PostgreSQL (<c>--cluster postgres:…</c>),
/// each process with its own <c>--data</c> (nothing shared on disk). Here all on loopback, over a private
/// throwaway PostgreSQL server.
/// </summary>
public sealed class PostgresClusterTests : IClassFixture<PostgresServerFixture>, IAsyncLifetime
{
    private const int ClusterTestTimeoutMs = 150_000;

    private readonly PostgresServerFixture _postgres;
    private readonly List<ChatServerProcess> _processes = [];

    public PostgresClusterTests(PostgresServerFixture postgres)
    {
        _postgres = postgres;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(_processes))
        {
            await process.DisposeAsync();
        }
    }

    [Fact(Timeout = ClusterTestTimeoutMs)]
    public async Task Silos_and_a_gateway_on_PostgreSQL_carry_a_room_and_keep_its_messages_when_a_silo_crashes()
    {
        var database = await _postgres.CreateDatabaseAsync();
        var silo1 = await StartAsync("silo", database);
        var silo2 = await StartAsync("silo", database);
        var gateway = await StartAsync("gateway", database);
        var room = Ids.Room("pg");

        await using (var alice = CSharpChatClient.Connect(gateway, Ids.User("alice")))
        await using (var bob = CSharpChatClient.Connect(gateway, Ids.User("bob")))
        {
            await alice.HelloAsync();
            await bob.HelloAsync();
            await alice.JoinAsync(room);
            await bob.JoinAsync(room);
            var ack = await alice.SendAsync(room, "stored in postgres", Guid.NewGuid().ToString("N"));
            Assert.Equal(ack.Seq, (await bob.WaitForTextAsync(room, "stored in postgres")).Seq);
        }

        // Whichever silo held the room, one of them crashes; the room's messages are in PostgreSQL.
        await silo1.KillAsync();
        var after = await ClusterTests.SendUntilAcknowledgedAsync(gateway, Ids.User("alice"), room, "after the crash");

        var history = await ClusterTests.HistoryAsync(gateway, Ids.User("carol"), room);
        Assert.Equal(new[] { "stored in postgres", "after the crash" }, history.Where(e => e.Kind == EventKind.Text).Select(e => e.Text));
        Assert.Equal(after.Seq, history.Last(e => e.Kind == EventKind.Text).Seq);
        Assert.False(silo2.HasExited, silo2.Describe());
    }

    private async Task<ChatServerProcess> StartAsync(string role, string connectionString)
    {
        var process = await ChatServerProcess.StartAsync(new ServerOptions(
            Extra: ["--cluster", "postgres:" + connectionString, "--role", role, "--silo-port", "0"]));
        _processes.Add(process);
        return process;
    }
}
