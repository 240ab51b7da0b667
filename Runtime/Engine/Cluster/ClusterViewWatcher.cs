using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// Acts on membership changes: fails the calls waiting on silos the view now says are dead (instead of letting them
/// wait for the response timeout) and drops their connections; on a silo, also deactivates gracefully the local
/// activations whose grains another active silo owns now (so their next calls activate them there, from storage).
/// </summary>
internal sealed class ClusterViewWatcher(
    IClusterMembershipView view,
    RemoteGrainInvoker remote,
    HashPlacementDirector placement,
    GrainCatalog? catalog,
    ClusterSiloDetails? self,
    ILogger logger)
{
    private static readonly DeactivationReason Migrating = new(
        DeactivationReasonCode.Migrating, "Another silo owns the grain after a membership change.");

    /// <summary>Handles the current view, then every change until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(Func<MembershipSnapshot, CancellationToken, Task>? afterChange, CancellationToken cancellationToken)
    {
        var snapshot = view.Current;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                Handle(snapshot);
                if (afterChange is not null)
                {
                    await afterChange(snapshot, cancellationToken).ConfigureAwait(false);
                }

                snapshot = await view.WaitForChangeAsync(snapshot.Version, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                ClusterLog.WatcherFailed(logger, exception);
                snapshot = await WaitQuietlyAsync(snapshot.Version, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Acts on one snapshot.</summary>
    public void Handle(MembershipSnapshot snapshot)
    {
        if (snapshot.Version == 0)
        {
            return;
        }

        var gone = snapshot.Entries.Where(e => e.Status == SiloStatus.Dead).Select(e => e.Silo)
            .Concat(remote.ConnectedSilos.Where(s => snapshot.GetStatus(s) == SiloStatus.None));
        foreach (var silo in gone)
        {
            if (remote.SiloDead(silo))
            {
                ClusterLog.PeerDead(logger, silo.ToString());
            }
        }

        if (catalog is null || self?.AddressOrNull is not { } me || snapshot.GetStatus(me) != SiloStatus.Active)
        {
            return;
        }

        var moved = catalog.DeactivateWhere(
            grainId => placement.TryPlaceKey(grainId.ToString(), snapshot) is { } owner && owner != me,
            Migrating);
        if (moved > 0)
        {
            ClusterLog.Rebalancing(logger, snapshot.Version, moved);
        }
    }

    private async Task<MembershipSnapshot> WaitQuietlyAsync(long version, CancellationToken cancellationToken)
    {
        try
        {
            return await view.WaitForChangeAsync(version, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return view.Current;
        }
    }
}
