namespace OrleansChat.Runtime.Streams;

/// <summary>Why a stream subscription ended with <see cref="StreamOwnerChangedException"/>.</summary>
public enum StreamOwnerChangeReason
{
    /// <summary>The owner silo crashed, became unreachable, or left the membership view (the call broke).</summary>
    OwnerUnreachable = 0,

    /// <summary>Membership changed and another silo owns the stream now.</summary>
    OwnershipMoved = 1,

    /// <summary>The owner silo is shutting down gracefully.</summary>
    OwnerStopping = 2,
}
