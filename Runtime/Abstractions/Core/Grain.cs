namespace OrleansChat.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime constructs grains through dependency injection
/// (constructor parameters are resolved from the silo's services; a parameter marked
/// <see cref="PersistentStateAttribute"/> receives an <see cref="IPersistentState{TState}"/> that is
/// loaded before <see cref="OnActivateAsync"/>). Members of this class are available from
/// <see cref="OnActivateAsync"/> on, not inside the constructor.
/// </summary>
/// <remarks>
/// One activation processes one call, timer tick or stream item at a time (turn-based, non-reentrant),
/// so grain code needs no locks.
/// </remarks>
public abstract class Grain : IGrain
{
    private IGrainContext? _grainContext;

    /// <summary>The runtime context of this activation.</summary>
    public IGrainContext GrainContext
    {
        get => _grainContext ?? throw new InvalidOperationException(
            "The grain context is not available in the grain's constructor; use OnActivateAsync.");
        internal set => _grainContext = value;
    }

    /// <summary>The identity of this grain.</summary>
    public GrainId GrainId => GrainContext.GrainId;

    /// <summary>The grain factory, for calling other grains.</summary>
    protected IGrainFactory GrainFactory => GrainContext.GrainFactory;

    /// <summary>The activation's service provider.</summary>
    protected internal IServiceProvider ServiceProvider => GrainContext.ActivationServices;

    /// <summary>
    /// When true the idle collector leaves this activation alone, e.g. while it has live observers
    /// (<c>=&gt; _observers.Count &gt; 0</c>). Evaluated inside a turn. Stream subscriptions made by the
    /// grain keep it alive without overriding this.
    /// </summary>
    protected internal virtual bool KeepAlive => false;

    /// <summary>Called after persistent state has loaded, before the first call is processed.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called as the last turn of the activation (idle collection, request, shutdown).</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Registers a timer. Each tick runs as a turn in this activation's mailbox (it never interleaves
    /// with calls); the period is counted from the end of the previous tick. Timers do not keep the
    /// activation alive and are disposed on deactivation. Use <see cref="Timeout.InfiniteTimeSpan"/> as
    /// period for a one-shot timer.
    /// </summary>
    protected IDisposable RegisterTimer(Func<object?, Task> callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GrainContext.RegisterTimer((s, _) => callback(s), state, dueTime, period);
    }

    /// <summary>Registers a timer with typed state and a cancellation token (cancelled on deactivation or disposal).</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GrainContext.RegisterTimer((s, ct) => callback((TState)s!, ct), state, dueTime, period);
    }

    /// <summary>Registers a timer without state.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return GrainContext.RegisterTimer((_, ct) => callback(ct), null, dueTime, period);
    }

    /// <summary>Deactivates this activation once the current turn ends; the next call activates it afresh.</summary>
    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();
}
