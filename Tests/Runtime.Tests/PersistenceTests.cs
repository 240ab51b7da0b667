using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests;

public sealed class PersistenceTests
{
    public static TheoryData<string> Providers => ["memory", "sqlite"];

    [Fact]
    public async Task State_is_loaded_before_OnActivateAsync_and_survives_deactivation()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(CounterGrain)).AddMemoryGrainStorage());
        var grain = scope.GrainFactory.GetGrain<ICounterGrain>("survivor");

        Assert.Equal(1, await grain.Increment());
        Assert.Equal(2, await grain.Increment());
        await grain.Deactivate();
        await scope.Probe.WhenDeactivated("survivor").WaitSignal();

        Assert.Equal(2, await grain.ValueSeenAtActivation());
        Assert.Equal(2, await grain.Get());
        Assert.Equal(2, await grain.AuditCount());
        Assert.Equal(2, scope.Probe.Activations("survivor"));
    }

    [Fact]
    public async Task State_survives_deactivation_and_silo_restart_on_sqlite()
    {
        using var directory = new TempDirectory();
        var database = directory.File("grains.db");
        await using var scope = await ClusterScope.StartAsync(services => services
            .AddGrains(typeof(CounterGrain))
            .AddSqliteGrainStorage("Default", o => o.DataSource = database));
        var grain = scope.GrainFactory.GetGrain<ICounterGrain>("restart");

        await grain.Increment();
        await grain.Increment();
        await grain.Increment();
        var silo = await scope.Cluster.RestartSiloAsync(scope.Cluster.Primary);
        var afterRestart = silo.GrainFactory.GetGrain<ICounterGrain>("restart");

        Assert.Equal(3, await afterRestart.ValueSeenAtActivation());
        Assert.Equal(4, await afterRestart.Increment());
        await using var connection = new SqliteConnection("Data Source=" + database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", await command.ExecuteScalarAsync() as string);
    }

    [Fact]
    public async Task State_written_in_OnDeactivateAsync_survives_a_graceful_stop_but_not_a_kill()
    {
        using var directory = new TempDirectory();
        var database = directory.File("grains.db");
        await using var scope = await ClusterScope.StartAsync(services => services
            .AddGrains(typeof(CounterGrain))
            .AddSqliteGrainStorage("Default", o => o.DataSource = database));

        var graceful = scope.GrainFactory.GetGrain<ICounterGrain>("graceful");
        await graceful.SetOnDeactivation(100);
        var silo = await scope.Cluster.RestartSiloAsync(scope.Cluster.Primary);
        Assert.Equal(DeactivationReasonCode.ShuttingDown, (await scope.Probe.WhenDeactivated("graceful").WaitSignal()).ReasonCode);
        Assert.Equal(100, await silo.GrainFactory.GetGrain<ICounterGrain>("graceful").Get());

        var killed = silo.GrainFactory.GetGrain<ICounterGrain>("killed");
        await killed.Increment();
        await killed.SetOnDeactivation(100);
        await scope.Cluster.KillSiloAsync(silo);
        var restarted = await scope.Cluster.StartAdditionalSiloAsync();

        Assert.False(scope.Probe.HasDeactivated("killed"));
        Assert.Equal(1, await restarted.GrainFactory.GetGrain<ICounterGrain>("killed").Get());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Write_with_a_stale_etag_throws_InconsistentStateException_naming_the_grain_and_both_etags(string provider)
    {
        using var directory = new TempDirectory();
        await using var scope = await ClusterScope.StartAsync(services =>
        {
            services.AddGrains(typeof(CounterGrain));
            if (provider == "memory")
            {
                services.AddMemoryGrainStorage();
            }
            else
            {
                services.AddSqliteGrainStorage("Default", o => o.DataSource = directory.File("grains.db"));
            }
        });
        var storage = scope.Cluster.Primary.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var grainId = new GrainId("counter", "contended");
        var payload = new CounterState { Value = 7 }.ToByteArray();

        var first = await storage.WriteAsync(grainId, "counter", payload, expectedEtag: null, CancellationToken.None);
        var second = await storage.WriteAsync(grainId, "counter", payload, first, CancellationToken.None);
        var stale = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grainId, "counter", payload, first, CancellationToken.None));
        var missing = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteAsync(grainId, "counter", payload, expectedEtag: null, CancellationToken.None));

        Assert.Equal(first, stale.ExpectedEtag);
        Assert.Equal(second, stale.StoredEtag);
        Assert.Contains("counter/contended", stale.Message, StringComparison.Ordinal);
        Assert.Contains("expected etag '" + first + "' but storage has '" + second + "'", stale.Message, StringComparison.Ordinal);
        Assert.Contains("expected etag <no record>", missing.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(grainId, "counter", first, CancellationToken.None));
        await storage.ClearAsync(grainId, "counter", second, CancellationToken.None);
        Assert.Null(await storage.ReadAsync(grainId, "counter", CancellationToken.None));
    }

    [Fact]
    public async Task Grain_writing_over_a_concurrent_change_gets_InconsistentStateException()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(CounterGrain)).AddMemoryGrainStorage());
        var grain = scope.GrainFactory.GetGrain<ICounterGrain>("overwritten");
        var storage = scope.Cluster.Primary.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        await grain.Increment();

        var etag = await grain.Etag();
        await storage.WriteAsync(new GrainId("counter", "overwritten"), "counter", new CounterState { Value = 50 }.ToByteArray(), etag, CancellationToken.None);
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => grain.Increment());

        Assert.Contains("counter/overwritten state 'counter'", error.Message, StringComparison.Ordinal);
        await grain.Deactivate();
        await scope.Probe.WhenDeactivated("overwritten").WaitSignal();
        Assert.Equal(51, await grain.Increment());
    }

    [Fact]
    public async Task Cleared_state_reads_back_empty_after_reactivation()
    {
        await using var scope = await ClusterScope.StartAsync(services => services.AddGrains(typeof(CounterGrain)).AddMemoryGrainStorage());
        var grain = scope.GrainFactory.GetGrain<ICounterGrain>("cleared");

        await grain.Increment();
        await grain.Clear();
        await grain.Deactivate();
        await scope.Probe.WhenDeactivated("cleared").WaitSignal();

        Assert.Equal(0, await grain.Get());
        Assert.Equal(string.Empty, await grain.Etag());
    }
}
