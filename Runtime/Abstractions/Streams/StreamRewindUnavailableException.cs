namespace OrleansChat.Runtime.Streams;

/// <summary>
/// A subscription asked to start at a token the stream cannot serve: older than its cache, beyond its
/// newest item, or on a stream with no history in this silo's lifetime. Callers fall back to their own
/// history (the chat room sends its stored messages) and subscribe live.
/// </summary>
public sealed class StreamRewindUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StreamRewindUnavailableException(StreamId streamId, StreamSequenceToken requested, StreamSequenceToken? oldestAvailable, StreamSequenceToken? newest)
        : base(FormatMessage(streamId, requested, oldestAvailable, newest))
    {
        StreamId = streamId;
        RequestedToken = requested;
        OldestAvailableToken = oldestAvailable;
        NewestToken = newest;
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public StreamRewindUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a custom message.</summary>
    public StreamRewindUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The stream.</summary>
    public StreamId StreamId { get; }

    /// <summary>The token asked for.</summary>
    public StreamSequenceToken? RequestedToken { get; }

    /// <summary>The oldest token the cache can replay; null when the stream has no history.</summary>
    public StreamSequenceToken? OldestAvailableToken { get; }

    /// <summary>The newest published token; null when the stream has no history.</summary>
    public StreamSequenceToken? NewestToken { get; }

    private static string FormatMessage(StreamId streamId, StreamSequenceToken requested, StreamSequenceToken? oldest, StreamSequenceToken? newest) =>
        oldest is null || newest is null
            ? "Stream " + streamId + " cannot rewind to token " + requested + ": it has no history in this silo's lifetime."
            : "Stream " + streamId + " cannot rewind to token " + requested + ": the cache holds tokens " + oldest + " to " + newest + ".";
}
