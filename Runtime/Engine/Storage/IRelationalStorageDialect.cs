using System.Data.Common;

namespace OrleansChat.Runtime.Storage;

/// <summary>
/// What differs between relational databases for grain storage: connections and the schema statements.
/// The statements <see cref="RelationalGrainStorage"/> runs (INSERT … ON CONFLICT DO NOTHING, UPDATE … WHERE etag = @expected)
/// are shared by SQLite and PostgreSQL; a dialect brings its connection, its DDL and its timestamp column value.
/// </summary>
internal interface IRelationalStorageDialect
{
    /// <summary>For logs and messages, e.g. "SQLite".</summary>
    string Name { get; }

    /// <summary>
    /// True when the database takes one writer at a time (SQLite): writes then queue in the storage, asynchronously,
    /// instead of meeting a busy database, on which Microsoft.Data.Sqlite blocks its thread between retries.
    /// </summary>
    bool SingleWriter { get; }

    /// <summary>
    /// With <see cref="SingleWriter"/>: how many queued writes one transaction may commit together (group commit).
    /// </summary>
    int MaxWriteBatch { get; }

    /// <summary>The table holding the records.</summary>
    string TableName { get; }

    /// <summary>
    /// The value stored in the modified_utc column for <paramref name="utcNow"/>: ISO 8601 text in SQLite,
    /// the <see cref="DateTime"/> itself where the column is a timestamp type (PostgreSQL timestamptz).
    /// </summary>
    object ModifiedValue(DateTime utcNow);

    /// <summary>A new, closed connection.</summary>
    DbConnection CreateConnection();

    /// <summary>Prepares the database (directory, journal mode, table); called once before first use.</summary>
    Task InitializeAsync(DbConnection connection, CancellationToken cancellationToken);
}
