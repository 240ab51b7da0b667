namespace OrleansChat.Runtime.Storage;

/// <summary>Options of a SQLite grain storage (named by the storage's name).</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>The database file, e.g. "data/grains.db"; its directory is created. Required unless <see cref="ConnectionString"/> is set.</summary>
    public string? DataSource { get; set; }

    /// <summary>A full Microsoft.Data.Sqlite connection string; overrides <see cref="DataSource"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table name. Default "grain_state".</summary>
    public string TableName { get; set; } = "grain_state";

    /// <summary>
    /// The most queued writes committed together in one transaction (group commit): SQLite takes one writer at a time
    /// and a commit costs a WAL sync, so writes of many grains waiting at once share one. 1 commits each write alone.
    /// Default 256.
    /// </summary>
    public int MaxWriteBatch { get; set; } = 256;
}
