namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Given to a subscriber's <see cref="IAsyncObserver{T}.OnErrorAsync"/> when it fell so far behind that its
/// bounded queue overflowed; its subscription was cut off (other subscribers are unaffected). Resubscribe from
/// <see cref="NextToken"/> to resume without a gap, if the stream's cache still holds it.
/// </summary>
public sealed class StreamSubscriberOverflowException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamSubscriberOverflowException(StreamId streamId, Guid handleId, int queueCapacity, StreamSequenceToken? nextToken)
        : base("Subscription " + handleId + " to stream " + streamId + " was cut off: it fell more than " + queueCapacity
            + " items behind (its queue capacity)." + (nextToken is null ? string.Empty : " Resubscribe from token " + nextToken + " to resume."))
    {
        StreamId = streamId;
        HandleId = handleId;
        QueueCapacity = queueCapacity;
        NextToken = nextToken;
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public StreamSubscriberOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public StreamSubscriberOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The stream.</summary>
    public StreamId StreamId { get; }

    /// <summary>The subscription that was cut off.</summary>
    public Guid HandleId { get; }

    /// <summary>The subscriber queue's capacity.</summary>
    public int QueueCapacity { get; }

    /// <summary>The token of the first item the subscriber did not receive.</summary>
    public StreamSequenceToken? NextToken { get; }
}
