using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests.Postgres;

/// <summary>The PostgreSQL grain storage against a private server; every test has a table of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresGrainStorageTests(PostgresServerFixture server)
{
    private const string State = "counter";
    private readonly string _table = "grain_state_" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Written_state_reads_back_with_its_etag_from_a_table_created_on_first_use()
    {
        await using var services = Silo();
        var storage = Storage(services);
        var grain = new GrainId("counter", "round-trip");

        Assert.Null(await storage.ReadAsync(grain, State, CancellationToken.None));
        var first = await storage.WriteAsync(grain, State, Payload(1), expectedEtag: null, CancellationToken.None);
        Assert.Equal((1L, first), Parse(await storage.ReadAsync(grain, State, CancellationToken.None)));
        var second = await storage.WriteAsync(grain, State, Payload(2), first, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal((2L, second), Parse(await storage.ReadAsync(grain, State, CancellationToken.None)));
        var columns = await ColumnTypesAsync();
        Assert.Equal("bytea", columns["payload"]);
        Assert.Equal("timestamp with time zone", columns["modified_utc"]);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_throws_InconsistentStateException_naming_both_etags()
    {
        await using var services = Silo();
        var storage = Storage(services);
        var grain = new GrainId("counter", "contended");

        var first = await storage.WriteAsync(grain, State, Payload(1), expectedEtag: null, CancellationToken.None);
        var second = await storage.WriteAsync(grain, State, Payload(2), first, CancellationToken.None);
        var stale = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grain, State, Payload(3), first, CancellationToken.None));
        var existing = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grain, State, Payload(3), expectedEtag: null, CancellationToken.None));

        Assert.Equal(first, stale.ExpectedEtag);
        Assert.Equal(second, stale.StoredEtag);
        Assert.Contains("counter/contended", stale.Message, StringComparison.Ordinal);
        Assert.Null(existing.ExpectedEtag);
        Assert.Equal(second, existing.StoredEtag);
        Assert.Equal((2L, second), Parse(await storage.ReadAsync(grain, State, CancellationToken.None)));
    }

    [Fact]
    public async Task Cleared_state_reads_back_empty_and_only_the_current_etag_clears()
    {
        await using var services = Silo();
        var storage = Storage(services);
        var grain = new GrainId("counter", "cleared");
        var first = await storage.WriteAsync(grain, State, Payload(1), expectedEtag: null, CancellationToken.None);
        var second = await storage.WriteAsync(grain, State, Payload(2), first, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(grain, State, first, CancellationToken.None));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(grain, State, expectedEtag: null, CancellationToken.None));
        await storage.ClearAsync(grain, State, second, CancellationToken.None);

        Assert.Null(await storage.ReadAsync(grain, State, CancellationToken.None));
        await storage.ClearAsync(grain, State, expectedEtag: null, CancellationToken.None);
        var afresh = await storage.WriteAsync(grain, State, Payload(9), expectedEtag: null, CancellationToken.None);
        Assert.Equal((9L, afresh), Parse(await storage.ReadAsync(grain, State, CancellationToken.None)));
    }

    [Fact]
    public async Task Storages_of_two_silos_on_one_database_see_each_others_writes()
    {
        await using var servicesA = Silo();
        await using var servicesB = Silo();
        var a = Storage(servicesA);
        var b = Storage(servicesB);
        var grain = new GrainId("counter", "shared");

        var etagA = await a.WriteAsync(grain, State, Payload(1), expectedEtag: null, CancellationToken.None);
        Assert.Equal((1L, etagA), Parse(await b.ReadAsync(grain, State, CancellationToken.None)));
        var etagB = await b.WriteAsync(grain, State, Payload(2), etagA, CancellationToken.None);
        var stale = await Assert.ThrowsAsync<InconsistentStateException>(
            () => a.WriteAsync(grain, State, Payload(3), etagA, CancellationToken.None));

        Assert.Equal(etagB, stale.StoredEtag);
        Assert.Equal((2L, etagB), Parse(await a.ReadAsync(grain, State, CancellationToken.None)));
    }

    [Fact]
    public async Task Concurrent_writes_to_different_grains_all_succeed()
    {
        await using var services = Silo();
        var storage = Storage(services);
        var grains = Enumerable.Range(0, 24).Select(i => new GrainId("counter", "concurrent-" + i)).ToArray();

        var created = await Task.WhenAll(grains.Select(g => storage.WriteAsync(g, State, Payload(1), expectedEtag: null, CancellationToken.None)));
        var updated = await Task.WhenAll(grains.Select((g, i) => storage.WriteAsync(g, State, Payload(2), created[i], CancellationToken.None)));

        for (var i = 0; i < grains.Length; i++)
        {
            Assert.Equal((2L, updated[i]), Parse(await storage.ReadAsync(grains[i], State, CancellationToken.None)));
        }
    }

    [Fact]
    public async Task A_write_blocked_on_one_grain_row_does_not_hold_up_writes_to_other_grains()
    {
        await using var services = Silo();
        var storage = Storage(services);
        var locked = new GrainId("counter", "locked");
        var free = new GrainId("counter", "free");
        var lockedEtag = await storage.WriteAsync(locked, State, Payload(1), expectedEtag: null, CancellationToken.None);
        var freeEtag = await storage.WriteAsync(free, State, Payload(1), expectedEtag: null, CancellationToken.None);

        await using var blocker = await server.OpenAsync();
        await using var transaction = await blocker.BeginTransactionAsync();
        await using (var rowLock = new NpgsqlCommand("SELECT 1 FROM " + _table + " WHERE grain_key = 'locked' FOR UPDATE", blocker, transaction))
        {
            await rowLock.ExecuteNonQueryAsync();
        }

        var blockedWrite = storage.WriteAsync(locked, State, Payload(2), lockedEtag, CancellationToken.None);
        await WaitUntilAsync(async () => await CountWaitingOnLocksAsync() == 1);
        var freeWrite = await storage.WriteAsync(free, State, Payload(2), freeEtag, CancellationToken.None).WaitSignal();

        Assert.False(blockedWrite.IsCompleted);
        await transaction.RollbackAsync();
        var lockedWrite = await blockedWrite.WaitSignal();
        Assert.Equal((2L, lockedWrite), Parse(await storage.ReadAsync(locked, State, CancellationToken.None)));
        Assert.Equal((2L, freeWrite), Parse(await storage.ReadAsync(free, State, CancellationToken.None)));
    }

    [Fact]
    public async Task Silos_starting_together_on_an_empty_database_all_create_the_table_and_write()
    {
        var silos = Enumerable.Range(0, 6).Select(_ => Silo()).ToArray();
        try
        {
            var etags = await Task.WhenAll(silos.Select((s, i) =>
                Storage(s).WriteAsync(new GrainId("counter", "first-use-" + i), State, Payload(i), expectedEtag: null, CancellationToken.None)));

            Assert.Equal(6, etags.Distinct().Count());
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Grain_state_survives_a_silo_restart_on_postgres()
    {
        await using var scope = await ClusterScope.StartAsync(services => services
            .AddGrains(typeof(CounterGrain))
            .AddPostgresGrainStorage("Default", o =>
            {
                o.ConnectionString = server.ConnectionString;
                o.TableName = _table;
            }));
        var grain = scope.GrainFactory.GetGrain<ICounterGrain>("restart");

        await grain.Increment();
        await grain.Increment();
        var silo = await scope.Cluster.RestartSiloAsync(scope.Cluster.Primary);
        var afterRestart = silo.GrainFactory.GetGrain<ICounterGrain>("restart");

        Assert.Equal(2, await afterRestart.ValueSeenAtActivation());
        Assert.Equal(3, await afterRestart.Increment());
        Assert.Equal(3, await afterRestart.AuditCount());
    }

    private ServiceProvider Silo() => new ServiceCollection()
        .AddLogging()
        .AddPostgresGrainStorage("Default", o =>
        {
            o.ConnectionString = server.ConnectionString;
            o.TableName = _table;
        })
        .BuildServiceProvider();

    private static IGrainStorage Storage(IServiceProvider services) => services.GetRequiredKeyedService<IGrainStorage>("Default");

    private static byte[] Payload(long value) => new CounterState { Value = value }.ToByteArray();

    private static (long Value, string Etag) Parse(GrainStateRecord? record)
    {
        Assert.NotNull(record);
        return (CounterState.Parser.ParseFrom(record.Payload.Span).Value, record.Etag);
    }

    private async Task<Dictionary<string, string>> ColumnTypesAsync()
    {
        await using var connection = await server.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = @table", connection);
        command.Parameters.AddWithValue("table", _table);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            columns[reader.GetString(0)] = reader.GetString(1);
        }

        return columns;
    }

    private async Task<long> CountWaitingOnLocksAsync()
    {
        await using var connection = await server.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE @update",
            connection);
        command.Parameters.AddWithValue("update", "UPDATE " + _table + " %");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls a condition the server exposes no signal for, failing after the signal timeout.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }
}
