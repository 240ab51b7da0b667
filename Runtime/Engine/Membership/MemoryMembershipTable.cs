using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Membership;

/// <summary>
/// A membership table in memory, shared by the silos of one process (the TestCluster's). Not for production:
/// it dies with the process.
/// </summary>
public sealed class MemoryMembershipTable : IMembershipTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, MembershipEntry> _rows = [];

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<MembershipEntry>>([.. _rows.Values]);
        }
    }

    /// <inheritdoc />
    public Task InsertAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_rows.TryAdd(entry.Silo, entry))
            {
                throw new InvalidOperationException("Silo " + entry.Silo + " is already in the membership table.");
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_rows.TryGetValue(silo, out var row) || row.Status >= status)
            {
                return Task.FromResult(false);
            }

            _rows[silo] = row with { Status = status };
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (_rows.TryGetValue(silo, out var row))
            {
                _rows[silo] = row with { IAmAliveAt = at };
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> CleanupDeadAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var dead = _rows.Values.Where(r => r.Status == SiloStatus.Dead && r.IAmAliveAt < before).Select(r => r.Silo).ToList();
            foreach (var silo in dead)
            {
                _rows.Remove(silo);
            }

            return Task.FromResult(dead.Count);
        }
    }
}
