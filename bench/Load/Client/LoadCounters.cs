namespace OrleansChat.Bench.Load.Client;

/// <summary>Running totals of a run, read by the progress display.</summary>
internal sealed class LoadCounters
{
    private long _connected;
    private long _sent;
    private long _pushed;
    private long _delivered;
    private long _acks;
    private long _rejected;
    private long _streamsEnded;
    private long _streamsFailed;

    public long Connected => Interlocked.Read(ref _connected);

    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Every frame the servers pushed: benchmark messages, join/leave events, presence changes.</summary>
    public long Pushed => Interlocked.Read(ref _pushed);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Acks => Interlocked.Read(ref _acks);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Streams that ended for any reason, including the run closing them.</summary>
    public long StreamsEnded => Interlocked.Read(ref _streamsEnded);

    /// <summary>Streams that ended with an error while the run still used them.</summary>
    public long StreamsFailed => Interlocked.Read(ref _streamsFailed);

    public void OnConnected() => Interlocked.Increment(ref _connected);

    public void OnStreamEnded() => Interlocked.Increment(ref _streamsEnded);

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnPushed() => Interlocked.Increment(ref _pushed);

    public void OnDelivered() => Interlocked.Increment(ref _delivered);

    public void OnAck() => Interlocked.Increment(ref _acks);

    public void OnRejected() => Interlocked.Increment(ref _rejected);

    public void OnStreamFailed() => Interlocked.Increment(ref _streamsFailed);
}
