using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansChat.Runtime.Storage;

/// <summary>SQLite for <see cref="RelationalGrainStorage"/>: WAL journal, one table, pooled connections.</summary>
internal sealed class SqliteStorageDialect : IRelationalStorageDialect
{
    private readonly string _connectionString;
    private readonly string? _directory;
    private volatile bool _directoryCreated;

    public SqliteStorageDialect(SqliteGrainStorageOptions options)
    {
        var builder = options.ConnectionString is { Length: > 0 } connectionString
            ? new SqliteConnectionStringBuilder(connectionString)
            : new SqliteConnectionStringBuilder { DataSource = options.DataSource };
        builder.Pooling = true;
        _connectionString = builder.ToString();
        _directory = builder.DataSource is { Length: > 0 } file && file != ":memory:" ? Path.GetDirectoryName(Path.GetFullPath(file)) : null;
        TableName = options.TableName;
        MaxWriteBatch = options.MaxWriteBatch;
    }

    public string Name => "SQLite";

    public bool SingleWriter => true;

    public int MaxWriteBatch { get; }

    public string TableName { get; }

    public object ModifiedValue(DateTime utcNow) => utcNow.ToString("O", CultureInfo.InvariantCulture);

    public DbConnection CreateConnection()
    {
        if (!_directoryCreated)
        {
            if (_directory is not null)
            {
                Directory.CreateDirectory(_directory);
            }

            _directoryCreated = true;
        }

        return new SqliteConnection(_connectionString);
    }

    public async Task InitializeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; "
            + "CREATE TABLE IF NOT EXISTS " + TableName + " ("
            + "grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL, "
            + "payload BLOB NOT NULL, etag TEXT NOT NULL, modified_utc TEXT NOT NULL, "
            + "PRIMARY KEY (grain_type, grain_key, state_name))";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
