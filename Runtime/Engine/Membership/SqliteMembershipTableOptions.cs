namespace OrleansChat.Runtime.Membership;

/// <summary>Options of the SQLite membership table (silos that share one host, and so one file).</summary>
public sealed class SqliteMembershipTableOptions
{
    /// <summary>The database file, e.g. "data/membership.db", shared by every silo of the cluster; its directory is created. Required.</summary>
    public string? DataSource { get; set; }

    /// <summary>
    /// How long a statement waits for another process's write lock before it fails. Default 30 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
