namespace OrleansChat.Silo.Hosting;

/// <summary>The kinds of <see cref="ClusterStore"/>.</summary>
public enum ClusterStoreKind
{
    /// <summary>SQLite files in the data directory: every silo of the cluster on one host, sharing <c>--data</c>.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database: silos on any hosts.</summary>
    Postgres,
}
