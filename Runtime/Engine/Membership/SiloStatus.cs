namespace OrleansChat.Runtime.Membership;

/// <summary>
/// A silo's life cycle in the membership table. Statuses only move forward (Joining → Active → ShuttingDown → Dead),
/// so concurrent writers never need a table version: an update that would move a status back is ignored.
/// </summary>
public enum SiloStatus
{
    /// <summary>Not in the table.</summary>
    None = 0,

    /// <summary>Started, not yet taking grain activations.</summary>
    Joining = 1,

    /// <summary>Hosts activations; placement hashes over the active silos.</summary>
    Active = 2,

    /// <summary>Stopping gracefully: deactivating its grains, takes no new ones.</summary>
    ShuttingDown = 3,

    /// <summary>Stopped or declared dead by a peer; a silo that reads itself dead stops.</summary>
    Dead = 4,
}
