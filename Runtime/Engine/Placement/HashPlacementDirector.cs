using System.Runtime.CompilerServices;
using OrleansChat.Runtime.Membership;

namespace OrleansChat.Runtime.Placement;

/// <summary>
/// Places grains (and any string key, e.g. a stream) on the active silos of the local membership view by rendezvous
/// (highest random weight) hashing: every silo gets a weight from a stable hash of (key, silo address) and the heaviest
/// wins. Every node with the same view picks the same silo; when a silo joins or leaves, only the keys it wins or held
/// move. Keeps no directory: the owner is a pure function of the key and the active silos.
/// </summary>
internal sealed class HashPlacementDirector(IClusterMembershipView view) : IPlacementDirector
{
    private readonly ConditionalWeakTable<SiloAddress, StrongBox<ulong>> _siloHashes = [];

    /// <summary>The membership view placement reads.</summary>
    public IClusterMembershipView View => view;

    public ValueTask<SiloAddress> PlaceAsync(GrainId grainId, CancellationToken cancellationToken) =>
        new(Place(grainId, view.Current));

    /// <summary>The owner of <paramref name="grainId"/> among the active silos of <paramref name="snapshot"/>.</summary>
    /// <exception cref="SiloUnavailableException">The snapshot has no active silo.</exception>
    public SiloAddress Place(GrainId grainId, MembershipSnapshot snapshot) => PlaceKey(grainId.ToString(), snapshot);

    /// <summary>The owner of any string key (stream ids, for instance) among the active silos of the current view.</summary>
    /// <exception cref="SiloUnavailableException">No silo is active.</exception>
    public SiloAddress PlaceKey(string key) => PlaceKey(key, view.Current);

    /// <summary>The owner of any string key among the active silos of <paramref name="snapshot"/>.</summary>
    /// <exception cref="SiloUnavailableException">The snapshot has no active silo.</exception>
    public SiloAddress PlaceKey(string key, MembershipSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(snapshot);
        return TryPlaceKey(key, snapshot)
            ?? throw new SiloUnavailableException(
                "No silo of the cluster is active (membership view version " + snapshot.Version + ", " + snapshot.Entries.Count
                + " silos known); '" + key + "' cannot be placed.");
    }

    /// <summary>The owner of a key, or null when the snapshot has no active silo.</summary>
    public SiloAddress? TryPlaceKey(string key, MembershipSnapshot snapshot)
    {
        var silos = snapshot.ActiveSilos;
        if (silos.Count == 0)
        {
            return null;
        }

        var keyHash = StableHash.Of(key);
        SiloAddress? best = null;
        var bestWeight = 0UL;
        foreach (var silo in silos)
        {
            var weight = StableHash.Combine(keyHash, HashOf(silo));
            if (best is null || weight > bestWeight)
            {
                best = silo;
                bestWeight = weight;
            }
        }

        return best;
    }

    private ulong HashOf(SiloAddress silo) =>
        _siloHashes.GetValue(silo, static s => new StrongBox<ulong>(StableHash.Of(s.ToString()))).Value;
}
