namespace OrleansChat.Runtime.Membership;

/// <summary>Options of the <see cref="PostgresMembershipTable"/>.</summary>
public sealed class PostgresMembershipTableOptions
{
    /// <summary>
    /// An Npgsql connection string, e.g. "Host=db1;Database=orleanschat;Username=chat;Password=…". Required.
    /// Every silo and cluster client of a cluster points at the same database.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The cluster this table reads and writes; clusters sharing a database see only their own rows. Default "orleanschat".
    /// </summary>
    public string ClusterId { get; set; } = "orleanschat";
}
