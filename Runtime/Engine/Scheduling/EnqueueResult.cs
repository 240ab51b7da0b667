namespace OrleansChat.Runtime.Scheduling;

/// <summary>The outcome of offering a work item to a mailbox.</summary>
internal enum EnqueueResult
{
    /// <summary>Queued.</summary>
    Enqueued,

    /// <summary>The mailbox is at capacity.</summary>
    Full,

    /// <summary>The activation is deactivating or gone; route the item to a new activation.</summary>
    Closed,
}
