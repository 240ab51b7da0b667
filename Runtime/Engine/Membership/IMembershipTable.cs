using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// The shared record of which silos form a cluster (Orleans' IMembershipTable, reduced to forward-only status
/// changes). One table per cluster id: SQLite when every silo is on one host, PostgreSQL across hosts, memory in tests.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the schema if missing. Called once at start, before any other member.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Every row of this cluster, dead ones included (until cleaned up).</summary>
    Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Adds a silo's row.</summary>
    /// <exception cref="InvalidOperationException">A row with the same address (endpoint and generation) exists.</exception>
    Task InsertAsync(MembershipEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a silo's status forward. Returns false (and changes nothing) when the row is missing or its status is
    /// already <paramref name="status"/> or later.
    /// </summary>
    Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken);

    /// <summary>Records a silo's heartbeat. Ignored for a missing row.</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes dead rows whose heartbeat is older than <paramref name="before"/>; returns how many.</summary>
    Task<int> CleanupDeadAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
