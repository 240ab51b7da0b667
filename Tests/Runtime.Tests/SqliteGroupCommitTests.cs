using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Tests.Grains;
using OrleansChat.Runtime.Tests.Infrastructure;
using OrleansChat.Runtime.Tests.Messages;

namespace OrleansChat.Runtime.Tests;

/// <summary>SQLite grain storage commits the writes waiting together in one transaction (group commit).</summary>
public sealed class SqliteGroupCommitTests
{
    [Fact]
    public async Task Concurrent_writes_of_many_grains_are_all_stored_and_a_stale_one_among_them_fails_alone()
    {
        using var directory = new TempDirectory();
        var database = directory.File("grains.db");
        await using var scope = await ClusterScope.StartAsync(services => services
            .AddGrains(typeof(CounterGrain))
            .AddSqliteGrainStorage("Default", o => o.DataSource = database));
        var storage = scope.Cluster.Primary.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var contended = new GrainId("counter", "contended");
        var first = await storage.WriteAsync(contended, "counter", new CounterState { Value = 1 }.ToByteArray(), expectedEtag: null, CancellationToken.None);
        var current = await storage.WriteAsync(contended, "counter", new CounterState { Value = 2 }.ToByteArray(), first, CancellationToken.None);

        // 500 writers at once: most of them queue while a batch commits, so batches form; one of them is stale.
        var writes = Enumerable.Range(0, 500)
            .Select(i => storage.WriteAsync(new GrainId("counter", "g" + i), "counter", new CounterState { Value = i }.ToByteArray(), expectedEtag: null, CancellationToken.None))
            .ToList();
        var stale = storage.WriteAsync(contended, "counter", new CounterState { Value = 99 }.ToByteArray(), first, CancellationToken.None);
        var etags = await Task.WhenAll(writes);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => stale);
        Assert.Equal(current, conflict.StoredEtag);
        Assert.Equal(500, etags.Distinct().Count());
        await using var connection = new SqliteConnection("Data Source=" + database);
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM grain_state WHERE grain_key LIKE 'g%'";
        Assert.Equal(500L, (long)(await count.ExecuteScalarAsync())!);
        for (var i = 0; i < 500; i += 97)
        {
            var record = await storage.ReadAsync(new GrainId("counter", "g" + i), "counter", CancellationToken.None);
            Assert.Equal(i, CounterState.Parser.ParseFrom(record!.Payload.ToArray()).Value);
            Assert.Equal(etags[i], record.Etag);
        }

        var kept = await storage.ReadAsync(contended, "counter", CancellationToken.None);
        Assert.Equal(2, CounterState.Parser.ParseFrom(kept!.Payload.ToArray()).Value);
    }
}
