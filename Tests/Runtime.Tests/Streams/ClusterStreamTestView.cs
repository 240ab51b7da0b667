using System.Collections.Concurrent;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Tests.Streams;

/// <summary>A membership view the test controls: silos' statuses change when the test says, and each change is a new version.</summary>
internal sealed class ClusterStreamTestView : IClusterMembershipView
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, MembershipEntry> _entries = [];
    private readonly ConcurrentQueue<SiloAddress> _unreachable = new();
    private MembershipSnapshot _current = MembershipSnapshot.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

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

    /// <summary>The silos reported unreachable, in order.</summary>
    public IReadOnlyCollection<SiloAddress> Unreachable => _unreachable;

    public async Task<MembershipSnapshot> WaitForChangeAsync(long afterVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_current.Version > afterVersion)
                {
                    return _current;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void ReportUnreachable(SiloAddress silo) => _unreachable.Enqueue(silo);

    /// <summary>Sets a silo's status and publishes a new version.</summary>
    public void SetStatus(SiloAddress silo, SiloStatus status)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            _entries[silo] = new MembershipEntry(silo, silo.Endpoint, status, now, now);
            PublishLocked();
        }
    }

    /// <summary>Publishes a new version with the same silos (e.g. after the test moved stream ownership).</summary>
    public void Bump()
    {
        lock (_gate)
        {
            PublishLocked();
        }
    }

    private void PublishLocked()
    {
        _current = new MembershipSnapshot(_current.Version + 1, [.. _entries.Values]);
        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }
}
