using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Catalog;

namespace OrleansChat.Runtime.Scheduling;

/// <summary>
/// A grain timer: a loop that waits, then enqueues the callback as a turn of the activation and waits for it to
/// finish before counting the next period (as Orleans timers do). Ticks never count as activity.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private CancellationTokenSource _cancellation = new();
    private bool _disposed;

    public GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, TimeProvider timeProvider, ILogger logger)
    {
        _activation = activation;
        _callback = callback;
        _state = state;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public static void ValidateTimes(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "The due time must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        if (period <= TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be positive, or Timeout.InfiniteTimeSpan for a one-shot timer.");
        }
    }

    public void Start(TimeSpan dueTime, TimeSpan period)
    {
        ValidateTimes(dueTime, period);
        CancellationTokenSource previous;
        CancellationToken token;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            previous = _cancellation;
            _cancellation = new CancellationTokenSource();
            token = _cancellation.Token;
        }

        previous.Cancel();

        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => RunAsync(dueTime, period, token), CancellationToken.None);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period) => Start(dueTime, period);

    public void Dispose()
    {
        CancellationTokenSource current;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            current = _cancellation;
        }

        current.Cancel();
        _activation.RemoveTimer(this);
    }

    private async Task RunAsync(TimeSpan dueTime, TimeSpan period, CancellationToken cancellationToken)
    {
        try
        {
            var delay = dueTime;
            while (true)
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }

                var tick = new ClosureWorkItem(
                    _ => cancellationToken.IsCancellationRequested ? Task.CompletedTask : _callback(_state, cancellationToken),
                    isActivity: false);
                if (!await _activation.EnqueueWaitingAsync(tick, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }

                try
                {
                    await tick.Completion.ConfigureAwait(false);
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    SchedulingLog.TimerCallbackFailed(_logger, _activation.GrainId, exception);
                }

                if (period == Timeout.InfiniteTimeSpan)
                {
                    return;
                }

                delay = period;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Disposed, changed or deactivated.
        }
        catch (Exception exception)
        {
            SchedulingLog.TimerLoopFailed(_logger, _activation.GrainId, exception);
        }
    }
}
