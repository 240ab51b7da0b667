namespace OrleansChat.Runtime.Cluster;

/// <summary>Counts a connection's requests being processed, and signals when none is left.</summary>
internal sealed class InFlightCounter
{
    private readonly Lock _gate = new();
    private int _count;
    private TaskCompletionSource? _zero;

    public void Increment()
    {
        lock (_gate)
        {
            _count++;
        }
    }

    public void Decrement()
    {
        TaskCompletionSource? zero = null;
        lock (_gate)
        {
            if (--_count == 0)
            {
                zero = _zero;
                _zero = null;
            }
        }

        zero?.TrySetResult();
    }

    /// <summary>Completes when no request is in flight.</summary>
    public Task WhenZeroAsync()
    {
        lock (_gate)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            return (_zero ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }
}
