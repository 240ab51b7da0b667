using Orleans.TestingHost;

namespace OrleansChat.Storage.Tests;

/// <summary><c>AddSqliteGrainStorage</c> in a real Orleans silo (<see cref="InProcessTestCluster"/>).</summary>
public sealed class OrleansRegistrationTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task Grain_state_in_the_sqlite_storage_survives_a_restart_of_the_cluster()
    {
        await using (var cluster = await StartClusterAsync())
        {
            var counter = cluster.Client.GetGrain<ICounterGrain>("visits");
            await counter.Add(40);
            Assert.Equal(42, await counter.Add(2));
            await cluster.StopAllSilosAsync();
        }

        await using var restarted = await StartClusterAsync();
        Assert.Equal(42, await restarted.Client.GetGrain<ICounterGrain>("visits").Get());
        Assert.Equal(0, await restarted.Client.GetGrain<ICounterGrain>("other").Get());
    }

    public void Dispose() => _database.Dispose();

    private async Task<InProcessTestCluster> StartClusterAsync()
    {
        var path = _database.Path;
        var cluster = new InProcessTestClusterBuilder(1)
            .ConfigureSilo((_, silo) => silo.AddSqliteGrainStorage(CounterGrain.StorageName, o => o.DataSource = path))
            .Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
