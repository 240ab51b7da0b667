using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansChat.Storage.Tests;

/// <summary>The SQLite grain storage through Orleans' <see cref="IGrainStorage"/> contract, on a real database file.</summary>
public sealed class SqliteGrainStorageTests : IDisposable
{
    private static readonly GrainId Room = GrainId.Create("room", "general");

    private readonly TempDatabase _database = new();
    private readonly SqliteGrainStorage _storage;

    public SqliteGrainStorageTests()
    {
        _storage = Create(_database.Path);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_etag_after_a_restart()
    {
        var written = new GrainState<StringValue> { State = new StringValue { Value = "hello" } };
        await _storage.WriteStateAsync("room", Room, written);

        using var restarted = Create(_database.Path);
        var read = new GrainState<StringValue>();
        await restarted.ReadStateAsync("room", Room, read);

        Assert.True(read.RecordExists);
        Assert.Equal("hello", read.State!.Value);
        Assert.Equal(written.ETag, read.ETag);
        Assert.NotNull(read.ETag);
    }

    [Fact]
    public async Task Missing_state_reads_as_a_new_record()
    {
        var read = new GrainState<StringValue>();

        await _storage.ReadStateAsync("room", GrainId.Create("room", "nobody-here"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(string.Empty, read.State!.Value);
    }

    [Fact]
    public async Task A_stale_etag_fails_with_inconsistent_state_and_keeps_what_is_stored()
    {
        var first = new GrainState<StringValue> { State = new StringValue { Value = "v1" } };
        await _storage.WriteStateAsync("room", Room, first);
        var stale = new GrainState<StringValue> { State = new StringValue { Value = "from a stale activation" }, ETag = "not-the-etag", RecordExists = true };
        var fresh = new GrainState<StringValue> { State = new StringValue { Value = "v1 again" } };

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("room", Room, stale));
        var insertOverExisting = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync("room", Room, fresh));

        Assert.Equal(first.ETag, conflict.StoredEtag);
        Assert.Equal(first.ETag, insertOverExisting.StoredEtag);
        var read = new GrainState<StringValue>();
        await _storage.ReadStateAsync("room", Room, read);
        Assert.Equal("v1", read.State!.Value);
    }

    [Fact]
    public async Task Writes_of_many_grains_at_once_all_commit_and_a_conflict_fails_only_its_own_write()
    {
        var victim = GrainId.Create("user", "victim");
        await _storage.WriteStateAsync("user", victim, new GrainState<StringValue> { State = new StringValue { Value = "kept" } });
        var writes = Enumerable.Range(0, 300)
            .Select(i => _storage.WriteStateAsync("user", GrainId.Create("user", "u" + i), new GrainState<StringValue> { State = new StringValue { Value = "n" + i } }))
            .ToList();
        var conflicting = _storage.WriteStateAsync("user", victim, new GrainState<StringValue> { State = new StringValue { Value = "lost" }, ETag = "stale" });

        await Task.WhenAll(writes);
        await Assert.ThrowsAsync<InconsistentStateException>(() => conflicting);

        for (var i = 0; i < 300; i += 37)
        {
            var read = new GrainState<StringValue>();
            await _storage.ReadStateAsync("user", GrainId.Create("user", "u" + i), read);
            Assert.Equal("n" + i, read.State!.Value);
        }

        var kept = new GrainState<StringValue>();
        await _storage.ReadStateAsync("user", victim, kept);
        Assert.Equal("kept", kept.State!.Value);
    }

    [Fact]
    public async Task Clear_removes_the_state_and_needs_the_current_etag()
    {
        var state = new GrainState<StringValue> { State = new StringValue { Value = "to clear" } };
        await _storage.WriteStateAsync("room", Room, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            _storage.ClearStateAsync("room", Room, new GrainState<StringValue> { ETag = "stale", RecordExists = true }));
        await _storage.ClearStateAsync("room", Room, state);

        Assert.False(state.RecordExists);
        var read = new GrainState<StringValue>();
        await _storage.ReadStateAsync("room", Room, read);
        Assert.False(read.RecordExists);
    }

    [Fact]
    public async Task Rows_written_before_the_move_to_Orleans_read_as_they_are()
    {
        // The earlier runtime's table: the same columns and key, the state's protobuf bytes, its own etag format.
        await using (var connection = new SqliteConnection("Data Source=" + _database.Path))
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_database.Path)!);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE grain_state (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL, "
                + "payload BLOB NOT NULL, etag TEXT NOT NULL, modified_utc TEXT NOT NULL, PRIMARY KEY (grain_type, grain_key, state_name)); "
                + "INSERT INTO grain_state VALUES ('room', 'general', 'room', @payload, 'old-etag', '2026-11-22T05:57:00.0000000Z')";
            command.Parameters.AddWithValue("@payload", new StringValue { Value = "from the old runtime" }.ToByteArray());
            await command.ExecuteNonQueryAsync();
        }

        var read = new GrainState<StringValue>();
        await _storage.ReadStateAsync("room", Room, read);
        read.State!.Value += ", written again";
        await _storage.WriteStateAsync("room", Room, read);

        var again = new GrainState<StringValue>();
        await _storage.ReadStateAsync("room", Room, again);
        Assert.Equal("from the old runtime, written again", again.State!.Value);
        Assert.NotEqual("old-etag", again.ETag);
    }

    [Fact]
    public void Options_validator_names_each_bad_option()
    {
        var result = new SqliteGrainStorageOptionsValidator().Validate("chat", new SqliteGrainStorageOptions { TableName = "drop table;", MaxWriteBatch = 0 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("SqliteGrainStorageOptions.DataSource (storage 'chat')", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("SqliteGrainStorageOptions.TableName", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("SqliteGrainStorageOptions.MaxWriteBatch", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _storage.Dispose();
        _database.Dispose();
    }

    private static SqliteGrainStorage Create(string path) => new(
        "chat",
        new SqliteGrainStorageOptions { DataSource = path, GrainStorageSerializer = new ProtobufGrainStorageSerializer(new NoFallback()) },
        NullLogger<SqliteGrainStorage>.Instance);

    private sealed class NoFallback : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => throw new InvalidOperationException("Only protobuf states in these tests.");

        public T? Deserialize<T>(BinaryData input) => throw new InvalidOperationException("Only protobuf states in these tests.");
    }
}
