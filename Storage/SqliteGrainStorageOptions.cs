using Orleans.Storage;

namespace OrleansChat.Storage;

/// <summary>Options of a SQLite grain storage (named by the storage's name). Checked by <see cref="SqliteGrainStorageOptionsValidator"/>.</summary>
public sealed class SqliteGrainStorageOptions : IStorageProviderSerializerOptions
{
    /// <summary>The database file, e.g. "data/orleanschat.db"; its directory is created. Required unless <see cref="ConnectionString"/> is set.</summary>
    public string? DataSource { get; set; }

    /// <summary>A full Microsoft.Data.Sqlite connection string; overrides <see cref="DataSource"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The table name. Default "grain_state" (the table the project's earlier runtime wrote: its rows read as they are).</summary>
    public string TableName { get; set; } = "grain_state";

    /// <summary>
    /// The most queued writes committed together in one transaction (group commit): SQLite takes one writer at a time
    /// and a commit costs a WAL sync, so writes of many grains waiting at once share one. 1 commits each write alone.
    /// Default 256.
    /// </summary>
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>
    /// How state is turned into bytes. Default: protobuf for Google.Protobuf messages (the format of the rows written
    /// before the move to Orleans), Orleans' configured grain storage serializer for anything else.
    /// </summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
