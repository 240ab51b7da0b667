namespace OrleansChat.Runtime.Storage;

/// <summary>Options of a PostgreSQL grain storage (named by the storage's name).</summary>
public sealed class PostgresGrainStorageOptions
{
    /// <summary>
    /// An Npgsql connection string, e.g. "Host=db1;Database=orleanschat;Username=chat;Password=…". Required.
    /// Connections are pooled by one <c>NpgsqlDataSource</c> per storage (pool settings come from this string).
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The table name; created on first use if missing. Default "grain_state".</summary>
    public string TableName { get; set; } = "grain_state";
}
