using System.Data.Common;
using Npgsql;

namespace OrleansChat.Runtime.Storage;

/// <summary>
/// PostgreSQL (Npgsql) for <see cref="RelationalGrainStorage"/>: pooled connections from one <see cref="NpgsqlDataSource"/>,
/// a table created on first use, payload bytea, modified_utc timestamptz. PostgreSQL takes concurrent writers (row locks),
/// so writes are not serialized; two writers with the same expected etag still race safely: the second UPDATE re-checks
/// the etag after the first commits and matches no row. Disposed with the service provider (it owns the pool).
/// </summary>
internal sealed class PostgresStorageDialect : IRelationalStorageDialect, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresStorageDialect(PostgresGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        TableName = options.TableName;
    }

    public string Name => "PostgreSQL";

    public bool SingleWriter => false;

    // Writers run in parallel (row locks), each in its own statement: nothing to group.
    public int MaxWriteBatch => 1;

    public string TableName { get; }

    public object ModifiedValue(DateTime utcNow) => utcNow;

    public DbConnection CreateConnection() => _dataSource.CreateConnection();

    public Task InitializeAsync(DbConnection connection, CancellationToken cancellationToken) =>
        PostgresSchema.CreateAsync(
            connection,
            "CREATE TABLE IF NOT EXISTS " + TableName + " ("
            + "grain_type text NOT NULL, grain_key text NOT NULL, state_name text NOT NULL, "
            + "payload bytea NOT NULL, etag text NOT NULL, modified_utc timestamptz NOT NULL, "
            + "PRIMARY KEY (grain_type, grain_key, state_name))",
            cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
