using OrleansChat.Runtime.Catalog;

namespace OrleansChat.Runtime.Scheduling;

/// <summary>One turn of an activation: a call, a timer tick, a stream item or a runtime check.</summary>
internal abstract class WorkItem
{
    /// <summary>Whether running it counts as activity for idle collection (calls and stream items do, timers do not).</summary>
    public abstract bool IsActivity { get; }

    /// <summary>Whether the item may move to the grain's next activation when this one deactivates first (calls may; runtime turns bound to this activation may not).</summary>
    public virtual bool CanForward => false;

    /// <summary>Runs the turn. Never throws: failures complete the item's own task.</summary>
    public abstract Task ExecuteAsync(ActivationData activation);

    /// <summary>Completes the item without running it (activation failed, silo stopped).</summary>
    public abstract void Fail(Exception exception);
}
