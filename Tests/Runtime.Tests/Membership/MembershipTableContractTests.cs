using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Tests.Membership;

/// <summary>What every <see cref="IMembershipTable"/> must do; each implementation runs these in a derived class.</summary>
public abstract class MembershipTableContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private IMembershipTable? _table;

    protected IMembershipTable Table => _table ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        _table = CreateTable();
        await _table.InitializeAsync(CancellationToken.None);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Inserted_rows_are_read_back_as_written()
    {
        var a = Entry("127.0.0.1:1001", 7, SiloStatus.Joining, Start.AddTicks(1234567));
        var b = Entry("127.0.0.1:1002", 8, SiloStatus.Active, Start.AddMinutes(1));

        await Table.InsertAsync(a, CancellationToken.None);
        await Table.InsertAsync(b, CancellationToken.None);

        var rows = await Table.ReadAllAsync(CancellationToken.None);
        Assert.Equal([a, b], rows.OrderBy(r => r.Silo.Endpoint, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Inserting_an_existing_address_throws_naming_the_silo()
    {
        var entry = Entry("127.0.0.1:1001", 1, SiloStatus.Joining, Start);
        await Table.InsertAsync(entry, CancellationToken.None);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => Table.InsertAsync(entry with { Name = "other" }, CancellationToken.None));

        Assert.Contains(entry.Silo.ToString(), exception.Message, StringComparison.Ordinal);
        Assert.Equal([entry], await Table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Another_generation_of_the_same_endpoint_is_another_row()
    {
        await Table.InsertAsync(Entry("127.0.0.1:1001", 1, SiloStatus.Dead, Start), CancellationToken.None);
        await Table.InsertAsync(Entry("127.0.0.1:1001", 2, SiloStatus.Joining, Start), CancellationToken.None);

        Assert.Equal(2, (await Table.ReadAllAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Status_only_moves_forward()
    {
        var silo = new SiloAddress("127.0.0.1:1001", 1);
        await Table.InsertAsync(Entry(silo.Endpoint, silo.Generation, SiloStatus.Joining, Start), CancellationToken.None);

        Assert.True(await Table.UpdateStatusAsync(silo, SiloStatus.Active, CancellationToken.None));
        Assert.False(await Table.UpdateStatusAsync(silo, SiloStatus.Active, CancellationToken.None));
        Assert.False(await Table.UpdateStatusAsync(silo, SiloStatus.Joining, CancellationToken.None));
        Assert.Equal(SiloStatus.Active, await StatusAsync(silo));
        Assert.True(await Table.UpdateStatusAsync(silo, SiloStatus.Dead, CancellationToken.None));
        Assert.False(await Table.UpdateStatusAsync(silo, SiloStatus.ShuttingDown, CancellationToken.None));
        Assert.Equal(SiloStatus.Dead, await StatusAsync(silo));
        Assert.False(await Table.UpdateStatusAsync(new SiloAddress("127.0.0.1:1001", 2), SiloStatus.Active, CancellationToken.None));
    }

    [Fact]
    public async Task Heartbeat_updates_IAmAliveAt_only_and_ignores_missing_rows()
    {
        var entry = Entry("127.0.0.1:1001", 1, SiloStatus.Active, Start);
        await Table.InsertAsync(entry, CancellationToken.None);

        await Table.UpdateIAmAliveAsync(entry.Silo, Start.AddSeconds(5), CancellationToken.None);
        await Table.UpdateIAmAliveAsync(new SiloAddress("127.0.0.1:1009", 1), Start.AddSeconds(5), CancellationToken.None);

        Assert.Equal([entry with { IAmAliveAt = Start.AddSeconds(5) }], await Table.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Cleanup_deletes_only_dead_rows_older_than_the_cutoff()
    {
        var oldDead = Entry("127.0.0.1:1001", 1, SiloStatus.Dead, Start.AddHours(-2));
        var recentDead = Entry("127.0.0.1:1002", 1, SiloStatus.Dead, Start.AddMinutes(-5));
        var oldActive = Entry("127.0.0.1:1003", 1, SiloStatus.Active, Start.AddHours(-2));
        var oldShuttingDown = Entry("127.0.0.1:1004", 1, SiloStatus.ShuttingDown, Start.AddHours(-2));
        foreach (var entry in new[] { oldDead, recentDead, oldActive, oldShuttingDown })
        {
            await Table.InsertAsync(entry, CancellationToken.None);
        }

        Assert.Equal(1, await Table.CleanupDeadAsync(Start.AddHours(-1), CancellationToken.None));
        Assert.Equal(0, await Table.CleanupDeadAsync(Start.AddHours(-1), CancellationToken.None));

        var rows = await Table.ReadAllAsync(CancellationToken.None);
        Assert.Equal([recentDead, oldActive, oldShuttingDown], rows.OrderBy(r => r.Silo.Endpoint, StringComparer.Ordinal));
    }

    [Fact]
    public async Task InitializeAsync_may_run_again()
    {
        var entry = Entry("127.0.0.1:1001", 1, SiloStatus.Active, Start);
        await Table.InsertAsync(entry, CancellationToken.None);

        await Table.InitializeAsync(CancellationToken.None);

        Assert.Equal([entry], await Table.ReadAllAsync(CancellationToken.None));
    }

    protected static MembershipEntry Entry(string endpoint, long generation, SiloStatus status, DateTimeOffset iAmAliveAt) =>
        new(new SiloAddress(endpoint, generation), "silo-" + endpoint + "-" + generation, status, iAmAliveAt.AddMinutes(-10), iAmAliveAt);

    protected abstract IMembershipTable CreateTable();

    private async Task<SiloStatus> StatusAsync(SiloAddress silo) => (await Table.RowAsync(silo))?.Status ?? SiloStatus.None;
}
