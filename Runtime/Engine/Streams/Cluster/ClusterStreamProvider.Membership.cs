using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Streams;

/// <summary>Reacting to membership: releasing streams this silo no longer owns, dropping subscriptions to lost owners, stopping.</summary>
internal sealed partial class ClusterStreamProvider
{
    /// <summary>
    /// Applies a membership change. Subscriptions held on an owner that is no longer active end with
    /// <see cref="StreamOwnerChangedException"/> (<see cref="StreamOwnerChangeReason.OwnerUnreachable"/>); on a silo,
    /// owned streams that now belong to another silo are released: their subscribers (local and remote) get
    /// <see cref="StreamOwnerChangeReason.OwnershipMoved"/> with their next token and the state is dropped, and
    /// publications go to the new owner from then on.
    /// </summary>
    public async Task OnMembershipChangedAsync(MembershipSnapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        foreach (var subscription in _outgoing.Keys)
        {
            if (snapshot.GetStatus(subscription.Owner) != SiloStatus.Active)
            {
                ClusterStreamsLog.OwnerLeft(_logger, subscription.StreamId, subscription.HandleId, subscription.Owner.ToString());
                subscription.OwnerLeft();
            }
        }

        if (_localSilo is null)
        {
            return;
        }

        // Operations that resolved their owner under the previous view retry from here on (see the class remarks).
        BumpEpoch();
        var local = _localSilo.SiloAddress;
        var moved = new List<StreamId>();
        foreach (var streamId in _owned.Keys)
        {
            SiloAddress? owner;
            try
            {
                owner = await _ownership.GetOwnerAsync(Name, streamId, cancellationToken).ConfigureAwait(false);
            }
            catch (SiloUnavailableException)
            {
                // No silo can own it now (no active silo in the view): this one must not keep serving stale state.
                owner = null;
            }

            if (owner != local)
            {
                moved.Add(streamId);
            }
        }

        var count = Release(moved, StreamOwnerChangeReason.OwnershipMoved, local);
        if (count > 0)
        {
            ClusterStreamsLog.StreamsReleased(_logger, Name, count);
        }
    }

    /// <summary>
    /// Stops owning streams. Graceful: every owned stream's subscribers get
    /// <see cref="StreamOwnerChangeReason.OwnerStopping"/> so they move to the next owner at once. Not graceful (a
    /// kill): nothing is announced, the calls simply break when the process goes.
    /// </summary>
    public void Stop(bool graceful)
    {
        _ownershipGate.EnterWriteLock();
        try
        {
            _stopping = true;
            Interlocked.Increment(ref _epoch);
        }
        finally
        {
            _ownershipGate.ExitWriteLock();
        }

        var count = graceful && _localSilo is not null
            ? Release([.. _owned.Keys], StreamOwnerChangeReason.OwnerStopping, _localSilo.SiloAddress)
            : 0;
        ClusterStreamsLog.Stopped(_logger, Name, count, graceful);
    }

    private void BumpEpoch()
    {
        _ownershipGate.EnterWriteLock();
        try
        {
            Interlocked.Increment(ref _epoch);
        }
        finally
        {
            _ownershipGate.ExitWriteLock();
        }
    }

    private int Release(IReadOnlyList<StreamId> streamIds, StreamOwnerChangeReason reason, SiloAddress local)
    {
        var released = new List<(StreamId Id, OwnedStream Stream)>();
        _ownershipGate.EnterWriteLock();
        try
        {
            foreach (var streamId in streamIds)
            {
                if (_owned.TryRemove(streamId, out var owned))
                {
                    released.Add((streamId, owned));
                }
            }
        }
        finally
        {
            _ownershipGate.ExitWriteLock();
        }

        var owner = local.ToString();
        foreach (var (streamId, owned) in released)
        {
            owned.Queue.FailAll((handleId, next) => new StreamOwnerChangedException(streamId, handleId, next, reason, owner));
        }

        return released.Count;
    }
}
