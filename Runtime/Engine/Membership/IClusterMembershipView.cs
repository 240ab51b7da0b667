using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// The local view of the cluster's membership, refreshed from the <see cref="IMembershipTable"/>. Placement,
/// messaging and streams read it; a silo's membership agent (or a cluster client's reader) keeps it current.
/// </summary>
public interface IClusterMembershipView
{
    /// <summary>The latest snapshot.</summary>
    MembershipSnapshot Current { get; }

    /// <summary>Completes with the first snapshot whose version is greater than <paramref name="afterVersion"/>.</summary>
    Task<MembershipSnapshot> WaitForChangeAsync(long afterVersion, CancellationToken cancellationToken);

    /// <summary>Reads the table now and publishes a new snapshot if anything changed.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Messaging could not reach <paramref name="silo"/> (connection refused or broken). The view re-reads the table
    /// soon and counts this toward declaring the silo dead; never blocks.
    /// </summary>
    void ReportUnreachable(SiloAddress silo);
}
