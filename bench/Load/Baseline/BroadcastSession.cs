using System.Threading.Channels;
using Grpc.Core;

namespace OrleansChat.Bench.Load.Baseline;

/// <summary>
/// One stream of the raw baseline, shaped like the gateway's session outbox: already serialized frames go into a
/// bounded queue drained by one writer loop, the only code that writes the response stream. Consecutive queued frames
/// are written with a buffer hint and flushed once. Answers to the session's own requests wait for room; a frame
/// pushed when the queue is full ends the session, as the gateway cuts off a slow consumer.
/// </summary>
internal sealed class BroadcastSession
{
    // Frames written without a flush before one is forced (the gateway's figure).
    private const int MaxFramesPerFlush = 64;

    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<byte[]> _queue;
    private readonly CancellationTokenSource _lifetime;
    private int _ended;
    private int _cutOff;

    public BroadcastSession(int capacity, CancellationToken callCancelled)
    {
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
    }

    public string UserId { get; set; } = string.Empty;

    /// <summary>Cancelled when the session must end: the client went away or the session was cut off.</summary>
    public CancellationToken Token => _lifetime.Token;

    /// <summary>True once a push found the queue full: the call ends with RESOURCE_EXHAUSTED, as the gateway's does.</summary>
    public bool IsCutOff => Volatile.Read(ref _cutOff) != 0;

    /// <summary>Queues an answer to this session's own request, waiting while the queue is full.</summary>
    public async ValueTask ReplyAsync(byte[] frame)
    {
        try
        {
            await _queue.Writer.WriteAsync(frame, Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw new OperationCanceledException("The session has ended.", exception, Token);
        }
    }

    /// <summary>Queues a frame for this session without waiting; a full queue ends the session. Safe under any lock.</summary>
    public void Push(byte[] frame)
    {
        if (Volatile.Read(ref _ended) != 0 || _queue.Writer.TryWrite(frame))
        {
            return;
        }

        if (Volatile.Read(ref _ended) == 0 && Interlocked.Exchange(ref _cutOff, 1) == 0)
        {
            End();
        }
    }

    /// <summary>
    /// Runs the session: <paramref name="body"/> (the request loop) beside the writer loop; once the body returns,
    /// lets the writer send what is queued (for at most five seconds, then the call is reset) and ends the call,
    /// with RESOURCE_EXHAUSTED if the session was cut off.
    /// </summary>
    public async Task RunAsync(IServerStreamWriter<byte[]> responses, Func<Task> body)
    {
        using var abortWrites = new CancellationTokenSource();
        var writer = WriteLoopAsync(responses, abortWrites.Token);
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException && Token.IsCancellationRequested)
        {
            // The client went away or the session was cut off (reported below).
        }
        finally
        {
            Volatile.Write(ref _ended, 1);
            _queue.Writer.TryComplete();
            try
            {
                await writer.WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await abortWrites.CancelAsync().ConfigureAwait(false);
                await writer.ConfigureAwait(false);
            }

            _lifetime.Dispose();
        }

        if (IsCutOff)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "client is too slow"));
        }
    }

    private async Task WriteLoopAsync(IServerStreamWriter<byte[]> responses, CancellationToken abort)
    {
        // Leave the handler's synchronous start: the request loop starts at once, this one runs beside it.
        await Task.Yield();
        var reader = _queue.Reader;
        var unflushed = 0;
        try
        {
            while (await reader.WaitToReadAsync(abort).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    var buffer = reader.Count > 0 && unflushed < MaxFramesPerFlush;
                    responses.WriteOptions = buffer ? BufferedWrite : null;
                    unflushed = buffer ? unflushed + 1 : 0;
                    await responses.WriteAsync(frame, abort).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or OperationCanceledException)
        {
            // The call is gone (client cancelled, connection lost, or reset after the close timeout): end the session.
            Volatile.Write(ref _ended, 1);
            _queue.Writer.TryComplete();
            End();
        }
    }

    private void End()
    {
        try
        {
            // Callbacks of the token (the request loop's pending read) run on the thread pool.
            _ = _lifetime.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The session already ended.
        }
    }
}
