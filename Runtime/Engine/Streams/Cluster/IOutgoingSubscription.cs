using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Streams;

/// <summary>The untyped face of a subscription this process holds on a stream owned by another silo.</summary>
internal interface IOutgoingSubscription
{
    StreamId StreamId { get; }

    Guid HandleId { get; }

    /// <summary>The silo serving the subscription.</summary>
    SiloAddress Owner { get; }

    /// <summary>The owner left the membership view: end the subscription with <see cref="StreamOwnerChangedException"/>.</summary>
    void OwnerLeft();

    /// <summary>Ends the subscription without telling the observer (provider shutdown).</summary>
    void Abandon();
}
