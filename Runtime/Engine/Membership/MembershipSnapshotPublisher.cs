using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// The latest <see cref="MembershipSnapshot"/> of a view and the waiters for the next one. A new version is published
/// only when the set of (silo, status) pairs changes; heartbeats alone keep the current snapshot.
/// </summary>
internal sealed class MembershipSnapshotPublisher(ILogger logger)
{
    private readonly Lock _gate = new();
    private MembershipSnapshot _current = MembershipSnapshot.Empty;
    private TaskCompletionSource<MembershipSnapshot> _next = NewWaiter();

    public MembershipSnapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public async Task<MembershipSnapshot> WaitForChangeAsync(long afterVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<MembershipSnapshot> next;
            lock (_gate)
            {
                if (_current.Version > afterVersion)
                {
                    return _current;
                }

                next = _next.Task;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Publishes <paramref name="rows"/> as the next version if membership changed; returns the current snapshot either way.</summary>
    public MembershipSnapshot Publish(IReadOnlyList<MembershipEntry> rows)
    {
        MembershipEntry[] sorted = [.. rows.OrderBy(e => e.Silo.Endpoint, StringComparer.Ordinal).ThenBy(e => e.Silo.Generation)];
        MembershipSnapshot previous;
        MembershipSnapshot published;
        TaskCompletionSource<MembershipSnapshot> waiters;
        lock (_gate)
        {
            previous = _current;
            if (SameMembership(previous.Entries, sorted))
            {
                return previous;
            }

            published = new MembershipSnapshot(previous.Version + 1, sorted);
            _current = published;
            waiters = _next;
            _next = NewWaiter();
        }

        LogChanges(previous, published);
        waiters.TrySetResult(published);
        return published;
    }

    private static bool SameMembership(IReadOnlyList<MembershipEntry> previous, MembershipEntry[] sorted)
    {
        if (previous.Count != sorted.Length)
        {
            return false;
        }

        for (var i = 0; i < sorted.Length; i++)
        {
            if (previous[i].Silo != sorted[i].Silo || previous[i].Status != sorted[i].Status)
            {
                return false;
            }
        }

        return true;
    }

    private void LogChanges(MembershipSnapshot previous, MembershipSnapshot published)
    {
        foreach (var entry in published.Entries)
        {
            var before = previous.GetStatus(entry.Silo);
            if (before != entry.Status)
            {
                MembershipLog.StatusChanged(logger, published.Version, entry.Silo, entry.Name, entry.Status, before);
            }
        }

        foreach (var entry in previous.Entries)
        {
            if (published.GetStatus(entry.Silo) == SiloStatus.None)
            {
                MembershipLog.RowRemoved(logger, published.Version, entry.Silo);
            }
        }
    }

    private static TaskCompletionSource<MembershipSnapshot> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
