using OrleansChat.Grpc;

namespace OrleansChat.Bench.Load.Baseline;

/// <summary>
/// One stream of the raw baseline, shaped like the gateway's session: already serialized frames go straight into the
/// response stream's bounded queue (drained by the gRPC layer's one writer loop); a frame pushed when the session's
/// capacity is used up ends the session, as the gateway cuts off a slow consumer.
/// </summary>
internal sealed class BroadcastSession
{
    private readonly int _capacity;
    private readonly IServerStreamQueue<byte[]> _queue;
    private readonly CancellationTokenSource _lifetime;
    private readonly SemaphoreSlim _replyGate = new(1, 1);

    public BroadcastSession(int capacity, IServerStreamWriter<byte[]> responses, CancellationToken callCancelled)
    {
        _capacity = capacity;
        _queue = (IServerStreamQueue<byte[]>)responses;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
    }

    public string UserId { get; set; } = string.Empty;

    public CancellationToken Token => _lifetime.Token;

    /// <summary>True once a push found the queue full: the call ends with RESOURCE_EXHAUSTED, as the gateway's does.</summary>
    public bool IsCutOff { get; private set; }

    /// <summary>Queues an answer to this session's own request, waiting while the queue is full.</summary>
    public async ValueTask ReplyAsync(byte[] frame)
    {
        await _replyGate.WaitAsync(Token).ConfigureAwait(false);
        try
        {
            await _queue.WriteAsync(frame, Token).ConfigureAwait(false);
        }
        finally
        {
            _replyGate.Release();
        }
    }

    /// <summary>Queues a frame for this session without waiting; a full queue ends the session.</summary>
    public void Push(byte[] frame)
    {
        if (IsCutOff)
        {
            return;
        }

        var result = _queue.Count >= _capacity ? StreamQueueResult.Full : _queue.TryWrite(frame);
        if (result != StreamQueueResult.Queued)
        {
            IsCutOff = result == StreamQueueResult.Full;
            Cancel();
        }
    }

    public void Cancel()
    {
        try
        {
            _ = _lifetime.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // Already ended.
        }
    }
}
