using System.Threading.Channels;
using OrleansChat.Grpc;

namespace OrleansChat.Bench.Load.Baseline;

/// <summary>
/// One stream of the raw baseline, shaped like the gateway's session: a bounded queue of already serialized frames
/// drained by one writer loop (the only code writing the response stream); a frame pushed to a full queue ends the
/// session, as the gateway cuts off a slow consumer.
/// </summary>
internal sealed class BroadcastSession
{
    private readonly Channel<byte[]> _outbox;
    private readonly CancellationTokenSource _lifetime;

    public BroadcastSession(int capacity, CancellationToken callCancelled)
    {
        _outbox = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
    }

    public string UserId { get; set; } = string.Empty;

    public CancellationToken Token => _lifetime.Token;

    /// <summary>True once a push found the queue full: the call ends with RESOURCE_EXHAUSTED, as the gateway's does.</summary>
    public bool IsCutOff { get; private set; }

    /// <summary>Queues an answer to this session's own request, waiting while the queue is full.</summary>
    public ValueTask ReplyAsync(byte[] frame) => _outbox.Writer.WriteAsync(frame, Token);

    /// <summary>Queues a frame for this session without waiting; a full queue ends the session.</summary>
    public void Push(byte[] frame)
    {
        if (!_outbox.Writer.TryWrite(frame))
        {
            CutOff();
        }
    }

    public async Task RunWriterAsync(IServerStreamWriter<byte[]> responses)
    {
        try
        {
            var reader = _outbox.Reader;
            while (await reader.WaitToReadAsync(Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    await responses.WriteAsync(frame, Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            // The session ended; what is still queued is not wanted.
        }
    }

    public void Complete() => _outbox.Writer.TryComplete();

    public void Cancel() => _lifetime.Cancel();

    private void CutOff()
    {
        IsCutOff = true;
        _outbox.Writer.TryComplete();
        _ = _lifetime.CancelAsync();
    }
}
