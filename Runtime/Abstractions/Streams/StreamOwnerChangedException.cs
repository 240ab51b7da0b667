namespace OrleansChat.Runtime.Streams;

/// <summary>
/// Given to a subscriber's <see cref="IAsyncObserver{T}.OnErrorAsync"/> when the silo that owned the stream (and
/// served the subscription) is gone or no longer owns it: it crashed or became unreachable, it is shutting down, or
/// membership moved the stream to another silo. The subscription has ended; nothing after <see cref="NextToken"/>
/// minus one was delivered.
/// <para>
/// To resume, subscribe again from <see cref="NextToken"/>: the provider finds the new owner. If that silo's cache
/// cannot serve the token (it has no history of the stream, e.g. after a crash) the subscription fails with
/// <see cref="StreamRewindUnavailableException"/>, and the subscriber recovers from its own source of history (the
/// chat gateway asks the room grain) and subscribes live. If the new owner cannot be reached yet (membership has not
/// noticed the crash), the subscription fails with <see cref="SiloUnavailableException"/>: retry after a delay.
/// </para>
/// <para>
/// Tokens a publisher assigns itself (a room's <c>seq</c>) survive an owner change; tokens the provider assigns
/// (publish without a token) restart on the new owner, so such streams should not rely on resuming.
/// </para>
/// </summary>
public sealed class StreamOwnerChangedException : SiloUnavailableException
{
    /// <summary>Creates the exception.</summary>
    public StreamOwnerChangedException(StreamId streamId, Guid handleId, StreamSequenceToken nextToken, StreamOwnerChangeReason reason, string? owner)
        : base(FormatMessage(streamId, handleId, nextToken, reason, owner))
    {
        StreamId = streamId;
        HandleId = handleId;
        NextToken = nextToken;
        Reason = reason;
        Owner = owner;
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public StreamOwnerChangedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public StreamOwnerChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The stream.</summary>
    public StreamId StreamId { get; }

    /// <summary>The subscription that ended.</summary>
    public Guid HandleId { get; }

    /// <summary>
    /// The token of the first item the subscriber did not receive: resubscribe from it to continue with no gap and
    /// no duplicate. Null only on instances made with a custom message.
    /// </summary>
    public StreamSequenceToken? NextToken { get; }

    /// <summary>Why the subscription ended.</summary>
    public StreamOwnerChangeReason Reason { get; }

    /// <summary>The silo that owned the stream (its address), when known.</summary>
    public string? Owner { get; }

    private static string FormatMessage(StreamId streamId, Guid handleId, StreamSequenceToken nextToken, StreamOwnerChangeReason reason, string? owner)
    {
        var what = reason switch
        {
            StreamOwnerChangeReason.OwnershipMoved => "the stream moved to another silo",
            StreamOwnerChangeReason.OwnerStopping => "its owner silo is shutting down",
            _ => "its owner silo is unreachable",
        };
        return "Subscription " + handleId + " to stream " + streamId + " ended: " + what
            + (owner is null ? string.Empty : " (owner " + owner + ")") + ". Resubscribe from token " + nextToken + " to resume.";
    }
}
