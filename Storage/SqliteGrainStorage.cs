using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansChat.Storage;

/// <summary>
/// Orleans grain storage in one SQLite table keyed by (grain_type, grain_key, state_name) with a payload BLOB and an
/// etag. Writes are optimistic (insert when the grain expects no record, else update only where the etag matches; a
/// mismatch is <see cref="InconsistentStateException"/>) and go through one queue: SQLite takes one writer at a time,
/// so writes of many grains waiting together commit in one transaction (<see cref="GroupCommit"/>). The table is the
/// one the project's earlier runtime wrote, so a data directory from before the move to Orleans reads as it is.
/// </summary>
internal sealed partial class SqliteGrainStorage : IGrainStorage, IDisposable
{
    private readonly string _name;
    private readonly SqliteGrainStorageOptions _options;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly GroupCommit _groupCommit;
    private readonly SqliteStatements _sql;
    private volatile bool _initialized;

    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, ILogger<SqliteGrainStorage> logger)
    {
        _name = name;
        _options = options;
        _logger = logger;
        var builder = options.ConnectionString is { Length: > 0 } connectionString
            ? new SqliteConnectionStringBuilder(connectionString)
            : new SqliteConnectionStringBuilder { DataSource = options.DataSource };
        builder.Pooling = true;
        _connectionString = builder.ToString();
        _dataSource = builder.DataSource;
        _sql = new SqliteStatements(options.TableName);
        _groupCommit = new GroupCommit(this, options.MaxWriteBatch);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = Command(connection, _sql.Select, grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        grainState.State = _options.GrainStorageSerializer.Deserialize<T>(new BinaryData(reader.GetFieldValue<byte[]>(0)))
            ?? Activator.CreateInstance<T>();
        grainState.ETag = reader.GetString(1);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _options.GrainStorageSerializer.Serialize(grainState.State).ToArray();
        grainState.ETag = await _groupCommit.WriteAsync(new PendingWrite(grainId, stateName, payload, grainState.ETag)).ConfigureAwait(false);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await using var connection = await OpenAsync().ConfigureAwait(false);
            if (grainState.ETag is null)
            {
                if (await ReadEtagAsync(connection, grainId, stateName, transaction: null).ConfigureAwait(false) is { } stored)
                {
                    throw Inconsistent(grainId, stateName, null, stored);
                }
            }
            else
            {
                await using var command = Command(connection, _sql.Delete, grainId, stateName);
                command.Parameters.AddWithValue("@expected_etag", grainState.ETag);
                if (await command.ExecuteNonQueryAsync().ConfigureAwait(false) != 1)
                {
                    throw Inconsistent(grainId, stateName, grainState.ETag, await ReadEtagAsync(connection, grainId, stateName, transaction: null).ConfigureAwait(false));
                }
            }
        }
        finally
        {
            _writeGate.Release();
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    public void Dispose()
    {
        _groupCommit.Complete();
        _initialization.Dispose();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, GrainId grainId, string stateName)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@grain_type", grainId.Type.ToString());
        command.Parameters.AddWithValue("@grain_key", grainId.Key.ToString());
        command.Parameters.AddWithValue("@state_name", stateName);
        return command;
    }

    private static InconsistentStateException Inconsistent(GrainId grainId, string stateName, string? expected, string? stored) =>
        new("State '" + stateName + "' of " + grainId + " was written by someone else: expected etag "
            + (expected ?? "(none)") + ", stored " + (stored ?? "(none)") + ".", stored, expected, storageException: null);

    private async Task<string?> ReadEtagAsync(SqliteConnection connection, GrainId grainId, string stateName, SqliteTransaction? transaction)
    {
        await using var command = Command(connection, _sql.SelectEtag, grainId, stateName);
        command.Transaction = transaction;
        return await command.ExecuteScalarAsync().ConfigureAwait(false) as string;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            if (!_initialized)
            {
                await InitializeAsync(connection).ConfigureAwait(false);
            }
            else
            {
                await connection.OpenAsync().ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(SqliteConnection connection)
    {
        await _initialization.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_initialized && _dataSource is { Length: > 0 } and not ":memory:" && Path.GetDirectoryName(Path.GetFullPath(_dataSource)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            await connection.OpenAsync().ConfigureAwait(false);
            if (!_initialized)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = _sql.CreateTable;
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                _initialized = true;
                StorageLog.Initialized(_logger, _name, _dataSource, _options.TableName);
            }
        }
        finally
        {
            _initialization.Release();
        }
    }
}
