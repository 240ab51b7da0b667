using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Membership;

/// <summary>A silo's (or cluster client's) view of the membership table at one moment; immutable.</summary>
public sealed class MembershipSnapshot
{
    /// <summary>The view before the first read of the table.</summary>
    public static readonly MembershipSnapshot Empty = new(0, []);

    /// <summary>Creates a snapshot of <paramref name="entries"/>.</summary>
    public MembershipSnapshot(long version, IReadOnlyList<MembershipEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Version = version;
        Entries = entries;
        ActiveSilos = [.. entries
            .Where(e => e.Status == SiloStatus.Active)
            .Select(e => e.Silo)
            .OrderBy(s => s.Endpoint, StringComparer.Ordinal)
            .ThenBy(s => s.Generation)];
    }

    /// <summary>Grows by one each time the view changes (a status, a silo added or removed), never on heartbeats alone.</summary>
    public long Version { get; }

    /// <summary>The rows read.</summary>
    public IReadOnlyList<MembershipEntry> Entries { get; }

    /// <summary>The silos with status Active, in a stable order.</summary>
    public IReadOnlyList<SiloAddress> ActiveSilos { get; }

    /// <summary>The status of <paramref name="silo"/> in this view (None when absent).</summary>
    public SiloStatus GetStatus(SiloAddress silo)
    {
        foreach (var entry in Entries)
        {
            if (entry.Silo == silo)
            {
                return entry.Status;
            }
        }

        return SiloStatus.None;
    }
}
