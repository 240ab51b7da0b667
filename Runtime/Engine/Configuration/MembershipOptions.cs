namespace OrleansChat.Runtime.Configuration;

/// <summary>
/// Options of cluster membership (Orleans' <c>ClusterMembershipOptions</c>, reduced): how often a silo writes its
/// heartbeat and reads the table, and when a peer is declared dead. Configuration section "Membership".
/// </summary>
public sealed class MembershipOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Membership";

    /// <summary>
    /// The cluster this silo or client belongs to; silos sharing a membership table but not a cluster id never see
    /// each other. Letters, digits, '.', '_' and '-', at most 64 characters. Default "orleanschat".
    /// </summary>
    public string ClusterId { get; set; } = "orleanschat";

    /// <summary>How often a silo writes its IAmAlive heartbeat to the table. Default 2 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the table is read (the view may read sooner when asked). Default 2 seconds.</summary>
    public TimeSpan TableRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A peer whose last heartbeat is older than this is declared dead. Must exceed twice
    /// <see cref="HeartbeatInterval"/>. Default 10 seconds.
    /// </summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A peer that messaging reported unreachable (connection refused or broken) is declared dead as soon as its last
    /// heartbeat is older than this, so a crashed silo is detected well before <see cref="DeathTimeout"/>. At least
    /// <see cref="HeartbeatInterval"/>. Default 4 seconds (twice the default heartbeat interval).
    /// </summary>
    public TimeSpan UnreachableGracePeriod { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Rows of dead silos whose last heartbeat is older than this are deleted. Default 1 hour.</summary>
    public TimeSpan DefunctRetention { get; set; } = TimeSpan.FromHours(1);
}
