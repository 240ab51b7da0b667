using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Membership;

public sealed class SqliteMembershipTableTests : MembershipTableContractTests
{
    private readonly TempDirectory _directory = new();

    private string Database => _directory.File("cluster/membership.db");

    public override Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Two_tables_on_the_same_file_see_each_other_within_their_cluster()
    {
        var other = Open(Database);
        var foreign = Open(Database, clusterId: "another-cluster");
        await other.InitializeAsync(CancellationToken.None);
        await foreign.InitializeAsync(CancellationToken.None);
        var entry = Entry("127.0.0.1:1001", 1, SiloStatus.Joining, DateTimeOffset.UtcNow);

        await Table.InsertAsync(entry, CancellationToken.None);
        Assert.True(await other.UpdateStatusAsync(entry.Silo, SiloStatus.Active, CancellationToken.None));

        Assert.Equal([entry with { Status = SiloStatus.Active }], await Table.ReadAllAsync(CancellationToken.None));
        Assert.Empty(await foreign.ReadAllAsync(CancellationToken.None));
        Assert.False(await foreign.UpdateStatusAsync(entry.Silo, SiloStatus.Dead, CancellationToken.None));
        await foreign.InsertAsync(entry, CancellationToken.None);
        Assert.Single(await foreign.ReadAllAsync(CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => other.InsertAsync(entry, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_writers_on_separate_tables_all_succeed()
    {
        var tables = new[] { Table, Open(Database), Open(Database) };
        var now = DateTimeOffset.UtcNow;

        await Task.WhenAll(tables.Select((table, t) => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                var silo = new SiloAddress("127.0.0.1:" + (2000 + (t * 100) + i), 1);
                await table.InsertAsync(new MembershipEntry(silo, "s", SiloStatus.Joining, now, now), CancellationToken.None);
                await table.UpdateIAmAliveAsync(silo, now.AddSeconds(1), CancellationToken.None);
                Assert.True(await table.UpdateStatusAsync(silo, SiloStatus.Active, CancellationToken.None));
            }
        })));

        var rows = await Table.ReadAllAsync(CancellationToken.None);
        Assert.Equal(60, rows.Count);
        Assert.All(rows, r => Assert.Equal(SiloStatus.Active, r.Status));
    }

    [Fact]
    public async Task Database_uses_the_WAL_journal()
    {
        await using var connection = new SqliteConnection("Data Source=" + Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", await command.ExecuteScalarAsync() as string);
    }

    [Fact]
    public async Task Agents_on_separate_tables_over_one_file_form_a_cluster()
    {
        await using var kit = new MembershipTestKit(Table);
        var a = await kit.StartAgentAsync(table: Open(Database));
        var b = await kit.StartAgentAsync(table: Open(Database));

        await a.WaitForStatusAsync(b.Self, SiloStatus.Active);
        await b.StopAsync(graceful: false, CancellationToken.None);

        await a.WaitForStatusAsync(b.Self, SiloStatus.Dead);
    }

    protected override IMembershipTable CreateTable() => Open(Database);

    private static SqliteMembershipTable Open(string database, string clusterId = "tests") => new(
        Options.Create(new SqliteMembershipTableOptions { DataSource = database }),
        Options.Create(new MembershipOptions { ClusterId = clusterId }),
        NullLogger<SqliteMembershipTable>.Instance);
}
