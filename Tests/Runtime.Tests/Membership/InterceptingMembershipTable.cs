using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Tests.Membership;

/// <summary>A membership table in front of another that counts writes and can be made to fail every call.</summary>
internal sealed class InterceptingMembershipTable(IMembershipTable inner) : IMembershipTable
{
    private readonly Lock _gate = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _failureWaiters = [];
    private int _writes;
    private int _failures;

    /// <summary>While true, every call throws <see cref="IOException"/>.</summary>
    public bool Failing { get; set; }

    /// <summary>Inserts, status updates, heartbeats and cleanups that reached the inner table.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>Completes once at least <paramref name="count"/> calls have failed.</summary>
    public Task WhenFailed(int count)
    {
        lock (_gate)
        {
            if (_failures >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _failureWaiters.Add((count, signal));
            return signal.Task;
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return inner.InitializeAsync(cancellationToken);
    }

    public Task<IReadOnlyList<MembershipEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        return inner.ReadAllAsync(cancellationToken);
    }

    public Task InsertAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref _writes);
        return inner.InsertAsync(entry, cancellationToken);
    }

    public Task<bool> UpdateStatusAsync(SiloAddress silo, SiloStatus status, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref _writes);
        return inner.UpdateStatusAsync(silo, status, cancellationToken);
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref _writes);
        return inner.UpdateIAmAliveAsync(silo, at, cancellationToken);
    }

    public Task<int> CleanupDeadAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref _writes);
        return inner.CleanupDeadAsync(before, cancellationToken);
    }

    private void ThrowIfFailing()
    {
        if (!Failing)
        {
            return;
        }

        lock (_gate)
        {
            _failures++;
            foreach (var waiter in _failureWaiters.Where(w => w.Count <= _failures).ToList())
            {
                _failureWaiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }

        throw new IOException("The membership table is unavailable (test).");
    }
}
