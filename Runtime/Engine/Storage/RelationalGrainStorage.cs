using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Storage;

/// <summary>
/// Grain storage in a relational table keyed by (grain_type, grain_key, state_name) with payload BLOB and etag TEXT.
/// Writes are optimistic: insert when the writer expects no record, otherwise update only where the etag matches.
/// </summary>
internal sealed partial class RelationalGrainStorage : IGrainStorage
{
    private readonly string _name;
    private readonly IRelationalStorageDialect _dialect;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _initialization = new(1, 1);
    private readonly SemaphoreSlim? _writeGate;
    private readonly string _selectSql;
    private readonly string _insertSql;
    private readonly string _updateSql;
    private readonly string _deleteSql;
    private readonly string _selectEtagSql;
    private readonly GroupCommit? _groupCommit;
    private volatile bool _initialized;

    public RelationalGrainStorage(string name, IRelationalStorageDialect dialect, ILogger logger)
    {
        _name = name;
        _dialect = dialect;
        _logger = logger;
        _writeGate = dialect.SingleWriter ? new SemaphoreSlim(1, 1) : null;
        _groupCommit = dialect.SingleWriter && dialect.MaxWriteBatch > 1 ? new GroupCommit(this, dialect.MaxWriteBatch) : null;
        var table = dialect.TableName;
        const string Key = "grain_type = @grain_type AND grain_key = @grain_key AND state_name = @state_name";
        _selectSql = "SELECT payload, etag FROM " + table + " WHERE " + Key;
        _selectEtagSql = "SELECT etag FROM " + table + " WHERE " + Key;
        _insertSql = "INSERT INTO " + table + " (grain_type, grain_key, state_name, payload, etag, modified_utc) "
            + "VALUES (@grain_type, @grain_key, @state_name, @payload, @etag, @modified_utc) "
            + "ON CONFLICT (grain_type, grain_key, state_name) DO NOTHING";
        _updateSql = "UPDATE " + table + " SET payload = @payload, etag = @etag, modified_utc = @modified_utc WHERE " + Key + " AND etag = @expected_etag";
        _deleteSql = "DELETE FROM " + table + " WHERE " + Key + " AND etag = @expected_etag";
    }

    public async Task<GrainStateRecord?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, _selectSql, grainId, stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new GrainStateRecord(reader.GetFieldValue<byte[]>(0), reader.GetString(1));
    }

    public async Task<string> WriteAsync(GrainId grainId, string stateName, ReadOnlyMemory<byte> payload, string? expectedEtag, CancellationToken cancellationToken)
    {
        if (_groupCommit is not null)
        {
            return await _groupCommit.WriteAsync(grainId, stateName, payload.ToArray(), expectedEtag, cancellationToken).ConfigureAwait(false);
        }

        using var writing = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, expectedEtag is null ? _insertSql : _updateSql, grainId, stateName);
        AddParameter(command, "@payload", payload.ToArray());
        AddParameter(command, "@etag", etag);
        AddParameter(command, "@modified_utc", _dialect.ModifiedValue(DateTime.UtcNow));
        if (expectedEtag is not null)
        {
            AddParameter(command, "@expected_etag", expectedEtag);
        }

        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            await ThrowInconsistentAsync(connection, grainId, stateName, expectedEtag, cancellationToken).ConfigureAwait(false);
        }

        StorageLog.Written(_logger, _name, grainId, stateName, etag);
        return etag;
    }

    public async Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        using var writing = await EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        if (expectedEtag is null)
        {
            if (await ReadEtagAsync(connection, grainId, stateName, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                throw new InconsistentStateException(grainId, stateName, expectedEtag, stored);
            }

            return;
        }

        await using var command = Command(connection, _deleteSql, grainId, stateName);
        AddParameter(command, "@expected_etag", expectedEtag);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
        {
            await ThrowInconsistentAsync(connection, grainId, stateName, expectedEtag, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<WriteTurn> EnterWriteAsync(CancellationToken cancellationToken)
    {
        if (_writeGate is null)
        {
            return default;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new WriteTurn(_writeGate);
    }

    /// <summary>Holds the write gate (if any) until disposed.</summary>
    private readonly struct WriteTurn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }

    private static DbCommand Command(DbConnection connection, string sql, GrainId grainId, string stateName)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@grain_type", grainId.Type);
        AddParameter(command, "@grain_key", grainId.Key);
        AddParameter(command, "@state_name", stateName);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private async Task ThrowInconsistentAsync(DbConnection connection, GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken)
    {
        var stored = await ReadEtagAsync(connection, grainId, stateName, cancellationToken).ConfigureAwait(false);
        throw new InconsistentStateException(grainId, stateName, expectedEtag, stored);
    }

    private async Task<string?> ReadEtagAsync(DbConnection connection, GrainId grainId, string stateName, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        await using var command = Command(connection, _selectEtagSql, grainId, stateName);
        command.Transaction = transaction;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _dialect.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_initialized)
            {
                await InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _initialization.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await _dialect.InitializeAsync(connection, cancellationToken).ConfigureAwait(false);
                _initialized = true;
                StorageLog.Initialized(_logger, _name, _dialect.Name, _dialect.TableName);
            }
        }
        finally
        {
            _initialization.Release();
        }
    }
}
