using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Runtime.Scheduling;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Catalog;

/// <summary>
/// One activation of one grain: its instance, its mailbox (a bounded <see cref="Channel{T}"/> with a single
/// reader) and the loop that drains it one turn at a time. The loop activates the grain first (states loaded,
/// then OnActivateAsync) and ends with OnDeactivateAsync as the last turn.
/// </summary>
internal sealed class ActivationData : IGrainContext
{
    private readonly GrainCatalog _catalog;
    private readonly GrainClassInfo _class;
    private readonly Channel<WorkItem> _mailbox;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _kill = new();
    private readonly Lock _gate = new();
    private readonly List<GrainTimer> _timers = [];
    private readonly HashSet<IAsyncDisposable> _keepAliveResources = [];
    private readonly List<WorkItem> _lateArrivals = [];
    private Grain? _grain;
    private AsyncServiceScope? _scope;
    private int _started;
    private int _collectionPending;
    private long _lastActivity;
    private volatile bool _closed;
    private bool _retired;
    private ActivationData? _successor;
    private DeactivationReason? _pendingDeactivation;
    private DeactivationReason? _closeReason;

    public ActivationData(GrainCatalog catalog, GrainClassInfo classInfo, GrainId grainId)
    {
        _catalog = catalog;
        _class = classInfo;
        GrainId = grainId;
        _mailbox = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(catalog.MailboxCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastActivity = catalog.TimeProvider.GetTimestamp();
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _catalog.GrainFactory;

    public IServiceProvider ActivationServices =>
        _scope?.ServiceProvider ?? throw new InvalidOperationException("Activation " + GrainId + " has no services before it activates.");

    /// <summary>Completes when the activation has deactivated, failed or was abandoned, and left the catalog.</summary>
    public Task Deactivated => _deactivated.Task;

    public bool IsClosed => _closed;

    /// <summary>The grain instance; only valid inside a turn.</summary>
    public Grain GrainInstance => _grain ?? throw new InvalidOperationException("Activation " + GrainId + " is not active.");

    public void EnsureStarted()
    {
        if (Interlocked.CompareExchange(ref _started, 1, 0) != 0)
        {
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(RunAsync, CancellationToken.None);
        }
    }

    /// <summary>
    /// Offers an item without waiting. While the activation is deactivating, items wait in order (bounded by the
    /// mailbox capacity) and move with its unprocessed items to the next activation; once it is retired they go to
    /// that successor, or <see cref="EnqueueResult.Closed"/> says to look the grain up again.
    /// </summary>
    public EnqueueResult TryEnqueue(WorkItem item)
    {
        if (!_closed)
        {
            if (_mailbox.Writer.TryWrite(item))
            {
                return EnqueueResult.Enqueued;
            }

            if (!_closed)
            {
                return EnqueueResult.Full;
            }
        }

        ActivationData? successor;
        lock (_gate)
        {
            if (!_retired)
            {
                if (_lateArrivals.Count >= _catalog.MailboxCapacity)
                {
                    return EnqueueResult.Full;
                }

                _lateArrivals.Add(item);
                return EnqueueResult.Enqueued;
            }

            successor = _successor;
        }

        return successor?.TryEnqueue(item) ?? EnqueueResult.Closed;
    }

    /// <summary>Enqueues an item, waiting for room (timer ticks, stream items); false once the activation is closed.</summary>
    public async ValueTask<bool> EnqueueWaitingAsync(WorkItem item, CancellationToken cancellationToken)
    {
        try
        {
            await _mailbox.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    public IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        GrainTimer.ValidateTimes(dueTime, period);
        var timer = new GrainTimer(this, callback, state, _catalog.TimeProvider, _catalog.SchedulingLogger);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            _timers.Add(timer);
        }

        timer.Start(dueTime, period);
        return timer;
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    public void DeactivateOnIdle() =>
        _pendingDeactivation ??= new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "The grain called DeactivateOnIdle.");

    /// <summary>Registers something (a stream subscription) that keeps the activation alive and is released on deactivation.</summary>
    public bool TryAddKeepAliveResource(IAsyncDisposable resource)
    {
        lock (_gate)
        {
            return !_closed && _keepAliveResources.Add(resource);
        }
    }

    public void RemoveKeepAliveResource(IAsyncDisposable resource)
    {
        lock (_gate)
        {
            _keepAliveResources.Remove(resource);
        }
    }

    /// <summary>Whether no call ran for <paramref name="age"/>.</summary>
    public bool IsIdleFor(TimeSpan age) => _catalog.TimeProvider.GetElapsedTime(Volatile.Read(ref _lastActivity)) >= age;

    /// <summary>Queues an idle check (at most one at a time); it runs as a turn and deactivates the activation if still idle.</summary>
    public void RequestCollection(TimeSpan age)
    {
        if (Interlocked.CompareExchange(ref _collectionPending, 1, 0) != 0)
        {
            return;
        }

        var check = new ClosureWorkItem(activation => activation.CollectIfIdle(age), isActivity: false);
        if (TryEnqueue(check) != EnqueueResult.Enqueued)
        {
            Volatile.Write(ref _collectionPending, 0);
        }
    }

    /// <summary>Graceful stop: no new items; queued ones run, then OnDeactivateAsync.</summary>
    public void BeginShutdown() => Close();

    /// <summary>
    /// As <see cref="BeginShutdown"/>, with another reason (the grain moves to another silo): queued items run, then
    /// OnDeactivateAsync; items arriving meanwhile fail with <see cref="SiloUnavailableException"/> (not run).
    /// </summary>
    public void BeginDeactivation(DeactivationReason reason)
    {
        _closeReason ??= reason;
        Close();
    }

    /// <summary>Crash: stop after the current turn, no OnDeactivateAsync, queued items fail.</summary>
    public void Kill()
    {
        Close();
        _kill.Cancel();
    }

    private Task CollectIfIdle(TimeSpan age)
    {
        Volatile.Write(ref _collectionPending, 0);
        bool hasResources;
        lock (_gate)
        {
            hasResources = _keepAliveResources.Count > 0;
        }

        // KeepAlive is always asked (grains may count the checks); stream subscriptions keep the activation regardless.
        var keepAlive = _grain?.KeepAlive ?? true;
        if (IsIdleFor(age) && !hasResources && !keepAlive)
        {
            _pendingDeactivation ??= new DeactivationReason(DeactivationReasonCode.ActivationIdle, "The activation was idle longer than GrainCollectionOptions.CollectionAge.");
        }

        return Task.CompletedTask;
    }

    private void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _mailbox.Writer.TryComplete();
    }

    private void Touch() => Volatile.Write(ref _lastActivity, _catalog.TimeProvider.GetTimestamp());

    private async Task RunAsync()
    {
        RuntimeContext.Current = this;
        try
        {
            if (!await ActivateAsync().ConfigureAwait(false))
            {
                return;
            }

            var reader = _mailbox.Reader;
            while (await reader.WaitToReadAsync(_kill.Token).ConfigureAwait(false))
            {
                while (!_kill.IsCancellationRequested && reader.TryRead(out var item))
                {
                    if (item.IsActivity)
                    {
                        Touch();
                    }

                    await item.ExecuteAsync(this).ConfigureAwait(false);
                    if (item.IsActivity)
                    {
                        Touch();
                    }

                    if (_pendingDeactivation is { } reason)
                    {
                        await DeactivateAsync(reason, forwardPending: true).ConfigureAwait(false);
                        return;
                    }
                }
            }

            if (_kill.IsCancellationRequested)
            {
                await AbandonAsync().ConfigureAwait(false);
                return;
            }

            await DeactivateAsync(_closeReason ?? new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is stopping."), forwardPending: false).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_kill.IsCancellationRequested)
        {
            await AbandonAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SchedulingLog.MailboxLoopFailed(_catalog.SchedulingLogger, GrainId, exception);
            await AbandonAsync().ConfigureAwait(false);
        }
    }

    private async Task<bool> ActivateAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_kill.Token);
        timeout.CancelAfter(_catalog.ActivationTimeout);
        try
        {
            _scope = _catalog.Services.CreateAsyncScope();
            var states = new object[_class.States.Count];
            for (var i = 0; i < states.Length; i++)
            {
                var parameter = _class.States[i];
                var state = parameter.Create(GrainId, _catalog.GetStorage(parameter.StorageName, _class));
                await ((ILoadableState)state).ReadStateAsync(timeout.Token).ConfigureAwait(false);
                states[i] = state;
            }

            var grain = _class.Create(_scope.Value.ServiceProvider, states);
            grain.GrainContext = this;
            _grain = grain;
            await grain.OnActivateAsync(timeout.Token).ConfigureAwait(false);
            Touch();
            CatalogLog.Activated(_catalog.Logger, GrainId);
            return true;
        }
        catch (Exception exception)
        {
            var reported = exception is OperationCanceledException && timeout.IsCancellationRequested && !_kill.IsCancellationRequested
                ? new TimeoutException("Activation of grain " + GrainId + " took longer than GrainCollectionOptions.ActivationTimeout (" + _catalog.ActivationTimeout + ").", exception)
                : exception;
            CatalogLog.ActivationFailed(_catalog.Logger, GrainId, reported);
            Close();
            DisposeTimers();
            await DisposeScopeAsync().ConfigureAwait(false);
            Retire(forward: false, reported);
            return false;
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason, bool forwardPending)
    {
        Close();
        DisposeTimers();
        CatalogLog.Deactivating(_catalog.Logger, GrainId, reason.ReasonCode);
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_kill.Token))
        {
            timeout.CancelAfter(_catalog.DeactivationTimeout);
            try
            {
                await GrainInstance.OnDeactivateAsync(reason, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                CatalogLog.DeactivationFailed(_catalog.Logger, GrainId, exception);
            }
        }

        await ReleaseResourcesAsync().ConfigureAwait(false);
        await DisposeScopeAsync().ConfigureAwait(false);
        Retire(forwardPending, new SiloUnavailableException("Grain " + GrainId + " deactivated (" + reason.ReasonCode + ") before the work item ran."));
        CatalogLog.Deactivated(_catalog.Logger, GrainId, reason.ReasonCode);
    }

    private async Task AbandonAsync()
    {
        Close();
        DisposeTimers();
        await ReleaseResourcesAsync().ConfigureAwait(false);
        await DisposeScopeAsync().ConfigureAwait(false);
        Retire(forward: false, new SiloUnavailableException("The silo hosting grain " + GrainId + " stopped abruptly; the call was not processed."));
        CatalogLog.Abandoned(_catalog.Logger, GrainId);
    }

    /// <summary>
    /// Leaves the directory. Unprocessed items, then late arrivals, go in order to a successor activation when
    /// <paramref name="forward"/> (it is published before anyone can see this one retired); the rest fail.
    /// </summary>
    private void Retire(bool forward, Exception failure)
    {
        var pending = new List<WorkItem>();
        while (_mailbox.Reader.TryRead(out var item))
        {
            pending.Add(item);
        }

        List<WorkItem> failed;
        ActivationData? successor = null;
        lock (_gate)
        {
            pending.AddRange(_lateArrivals);
            _lateArrivals.Clear();
            var forwarded = forward ? pending.Where(i => i.CanForward).ToList() : [];
            failed = forward ? pending.Where(i => !i.CanForward).ToList() : pending;
            if (forwarded.Count > 0)
            {
                successor = _catalog.TryCreateSuccessor(this, forwarded);
                if (successor is null)
                {
                    failed.AddRange(forwarded);
                }
            }
            else
            {
                _catalog.Remove(this);
            }

            _successor = successor;
            _retired = true;
        }

        successor?.EnsureStarted();
        foreach (var item in failed)
        {
            item.Fail(failure);
        }

        _deactivated.TrySetResult();
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_gate)
        {
            timers = [.. _timers];
            _timers.Clear();
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    private async Task ReleaseResourcesAsync()
    {
        IAsyncDisposable[] resources;
        lock (_gate)
        {
            resources = [.. _keepAliveResources];
            _keepAliveResources.Clear();
        }

        foreach (var resource in resources)
        {
            try
            {
                await resource.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                CatalogLog.ResourceReleaseFailed(_catalog.Logger, GrainId, exception);
            }
        }
    }

    private async Task DisposeScopeAsync()
    {
        if (_scope is not { } scope)
        {
            return;
        }

        _scope = null;
        try
        {
            await scope.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            CatalogLog.ResourceReleaseFailed(_catalog.Logger, GrainId, exception);
        }
    }
}
