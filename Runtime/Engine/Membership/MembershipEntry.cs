using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Membership;

/// <summary>One row of the membership table.</summary>
/// <param name="Silo">The silo's address (its cluster endpoint host:port and generation).</param>
/// <param name="Name">The silo's name, for logs and tools.</param>
/// <param name="Status">Where the silo is in its life cycle.</param>
/// <param name="StartedAt">When the silo started.</param>
/// <param name="IAmAliveAt">The silo's last heartbeat; a peer declares it dead when this is older than the death timeout.</param>
public sealed record MembershipEntry(SiloAddress Silo, string Name, SiloStatus Status, DateTimeOffset StartedAt, DateTimeOffset IAmAliveAt);
