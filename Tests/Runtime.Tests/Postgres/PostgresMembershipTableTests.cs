using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Tests.Postgres;

/// <summary>The IMembershipTable contract on PostgreSQL; every test uses cluster ids of its own.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresServerFixture server)
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly string _clusterId = "cluster-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Inserted_rows_read_back_with_their_fields()
    {
        await using var table = await OpenTableAsync(_clusterId);
        var joining = Entry("10.0.0.1:11111", 1, SiloStatus.Joining);
        var active = new MembershipEntry(new SiloAddress("10.0.0.2:11111", 7), "silo2", SiloStatus.Active, T0.ToOffset(TimeSpan.FromHours(2)), T0.AddSeconds(5));

        Assert.Empty(await table.ReadAllAsync(CancellationToken.None));
        await table.InsertAsync(active, CancellationToken.None);
        await table.InsertAsync(joining, CancellationToken.None);

        Assert.Equal([joining, active], await table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Inserting_an_existing_silo_throws_naming_it_and_a_new_generation_is_another_row()
    {
        await using var table = await OpenTableAsync(_clusterId);
        var first = Entry("10.0.0.1:11111", 1, SiloStatus.Joining);
        await table.InsertAsync(first, CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => table.InsertAsync(first with { Name = "impostor", Status = SiloStatus.Active }, CancellationToken.None));
        var restarted = Entry("10.0.0.1:11111", 2, SiloStatus.Joining);
        await table.InsertAsync(restarted, CancellationToken.None);

        Assert.Contains("10.0.0.1:11111@1", error.Message, StringComparison.Ordinal);
        Assert.Equal([first, restarted], await table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Status_only_moves_forward()
    {
        await using var table = await OpenTableAsync(_clusterId);
        var silo = new SiloAddress("10.0.0.1:11111", 1);
        await table.InsertAsync(Entry(silo.Endpoint, silo.Generation, SiloStatus.Joining), CancellationToken.None);

        Assert.True(await table.UpdateStatusAsync(silo, SiloStatus.Active, CancellationToken.None));
        Assert.False(await table.UpdateStatusAsync(silo, SiloStatus.Active, CancellationToken.None));
        Assert.False(await table.UpdateStatusAsync(silo, SiloStatus.Joining, CancellationToken.None));
        Assert.Equal(SiloStatus.Active, await StatusAsync(table, silo));
        Assert.True(await table.UpdateStatusAsync(silo, SiloStatus.Dead, CancellationToken.None));
        Assert.False(await table.UpdateStatusAsync(silo, SiloStatus.ShuttingDown, CancellationToken.None));
        Assert.Equal(SiloStatus.Dead, await StatusAsync(table, silo));
        Assert.False(await table.UpdateStatusAsync(silo with { Generation = 2 }, SiloStatus.Active, CancellationToken.None));
    }

    [Fact]
    public async Task Heartbeat_moves_IAmAliveAt_and_ignores_missing_rows()
    {
        await using var table = await OpenTableAsync(_clusterId);
        var entry = Entry("10.0.0.1:11111", 1, SiloStatus.Active);
        await table.InsertAsync(entry, CancellationToken.None);

        await table.UpdateIAmAliveAsync(entry.Silo, T0.AddMinutes(1), CancellationToken.None);
        await table.UpdateIAmAliveAsync(new SiloAddress("10.0.0.9:11111", 1), T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal([entry with { IAmAliveAt = T0.AddMinutes(1) }], await table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cleanup_deletes_only_dead_rows_whose_heartbeat_is_older_than_the_cutoff()
    {
        await using var table = await OpenTableAsync(_clusterId);
        var deadOld = Entry("10.0.0.1:11111", 1, SiloStatus.Dead) with { IAmAliveAt = T0 };
        var deadRecent = Entry("10.0.0.2:11111", 1, SiloStatus.Dead) with { IAmAliveAt = T0.AddHours(2) };
        var activeOld = Entry("10.0.0.3:11111", 1, SiloStatus.Active) with { IAmAliveAt = T0 };
        var shuttingDownOld = Entry("10.0.0.4:11111", 1, SiloStatus.ShuttingDown) with { IAmAliveAt = T0 };
        foreach (var entry in new[] { deadOld, deadRecent, activeOld, shuttingDownOld })
        {
            await table.InsertAsync(entry, CancellationToken.None);
        }

        Assert.Equal(1, await table.CleanupDeadAsync(T0.AddHours(1), CancellationToken.None));
        Assert.Equal([deadRecent, activeOld, shuttingDownOld], await table.ReadAllAsync(CancellationToken.None));
        Assert.Equal(0, await table.CleanupDeadAsync(T0.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task Tables_with_different_cluster_ids_do_not_see_or_change_each_others_rows()
    {
        await using var blue = await OpenTableAsync(_clusterId + "-blue");
        await using var green = await OpenTableAsync(_clusterId + "-green");
        var inBlue = Entry("10.0.0.1:11111", 1, SiloStatus.Joining);
        var inGreen = inBlue with { Name = "green" };

        await blue.InsertAsync(inBlue, CancellationToken.None);
        await green.InsertAsync(inGreen, CancellationToken.None);
        Assert.True(await blue.UpdateStatusAsync(inBlue.Silo, SiloStatus.Dead, CancellationToken.None));
        await blue.UpdateIAmAliveAsync(inBlue.Silo, T0.AddMinutes(1), CancellationToken.None);

        Assert.Equal([inGreen], await green.ReadAllAsync(CancellationToken.None));
        Assert.True(await green.UpdateStatusAsync(inGreen.Silo, SiloStatus.Dead, CancellationToken.None));
        Assert.Equal(1, await blue.CleanupDeadAsync(T0.AddHours(1), CancellationToken.None));
        Assert.Empty(await blue.ReadAllAsync(CancellationToken.None));
        Assert.Equal([inGreen with { Status = SiloStatus.Dead }], await green.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Silos_starting_together_on_an_empty_database_all_initialize_the_table()
    {
        var database = await server.CreateDatabaseAsync();
        var tables = Enumerable.Range(0, 6)
            .Select(_ => new PostgresMembershipTable(Options.Create(new PostgresMembershipTableOptions { ConnectionString = database, ClusterId = _clusterId })))
            .ToArray();
        try
        {
            await Task.WhenAll(tables.Select(t => t.InitializeAsync(CancellationToken.None)));
            await Task.WhenAll(tables.Select((t, i) => t.InsertAsync(Entry("10.0.0." + i + ":11111", 1, SiloStatus.Joining), CancellationToken.None)));

            Assert.Equal(6, (await tables[0].ReadAllAsync(CancellationToken.None)).Count);
        }
        finally
        {
            foreach (var table in tables)
            {
                await table.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AddPostgresMembershipTable_registers_the_table_for_the_cluster_id()
    {
        await using var services = new ServiceCollection()
            .AddSingleton<IMembershipTable, MemoryMembershipTable>()
            .AddPostgresMembershipTable(server.ConnectionString, _clusterId)
            .BuildServiceProvider();
        var table = services.GetRequiredService<IMembershipTable>();
        await table.InitializeAsync(CancellationToken.None);
        var entry = Entry("10.0.0.1:11111", 1, SiloStatus.Joining);
        await table.InsertAsync(entry, CancellationToken.None);

        Assert.Equal(_clusterId, Assert.IsType<PostgresMembershipTable>(table).ClusterId);
        await using var sameCluster = await OpenTableAsync(_clusterId);
        Assert.Equal([entry], await sameCluster.ReadAllAsync(CancellationToken.None));
    }

    private async Task<PostgresMembershipTable> OpenTableAsync(string clusterId)
    {
        var table = new PostgresMembershipTable(Options.Create(new PostgresMembershipTableOptions
        {
            ConnectionString = server.ConnectionString,
            ClusterId = clusterId,
        }));
        await table.InitializeAsync(CancellationToken.None);
        return table;
    }

    private static MembershipEntry Entry(string endpoint, long generation, SiloStatus status) =>
        new(new SiloAddress(endpoint, generation), "silo-" + endpoint, status, T0, T0);

    private static async Task<SiloStatus> StatusAsync(IMembershipTable table, SiloAddress silo) =>
        new MembershipSnapshot(1, await table.ReadAllAsync(CancellationToken.None)).GetStatus(silo);
}
