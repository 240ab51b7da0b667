namespace OrleansChat.Grpc;

/// <summary>The outcome of <see cref="IServerStreamQueue{T}.TryWrite"/>.</summary>
public enum StreamQueueResult
{
    /// <summary>The message is queued and will be sent in order.</summary>
    Queued,

    /// <summary>The queue is at its capacity (<c>GrpcServerOptions.ResponseStreamCapacity</c>); nothing was queued.</summary>
    Full,

    /// <summary>The stream is complete, cancelled or failed; nothing was queued.</summary>
    Closed,
}
