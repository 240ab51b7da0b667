using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Gateway.Sessions;

/// <summary>
/// The outgoing side of one client stream: a bounded queue drained by one writer loop, the only code that writes the
/// response stream (grpc-dotnet allows one pending write per stream). Answers to the client's own requests wait for
/// room (backpressure on the request reader); frames pushed by rooms never wait: when <c>capacity</c> frames are
/// already queued the session is cut off with RESOURCE_EXHAUSTED, so a slow reader never holds up a room or the
/// other sessions. Consecutive queued frames are written with a buffer hint and flushed once.
/// </summary>
internal sealed class SessionOutbox
{
    internal const string TooSlowMessage = "client is too slow; resume with resume_after_seq";

    // Frames written without a flush before one is forced, so a long burst still reaches the client in pieces.
    private const int MaxFramesPerFlush = 64;

    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    private readonly Channel<OutgoingFrame> _queue;
    private readonly CancellationTokenSource _lifetime;
    private readonly ServerCallContext _call;
    private readonly TimeSpan _closeTimeout;
    private readonly ILogger _logger;
    private readonly string _sessionId;
    private StrongBox<Status>? _cutOff;
    private int _ended;

    /// <param name="options">The queue's capacity and how long an ended session waits for its queue to drain.</param>
    /// <param name="call">The call (its token: client cancel, deadline, connection lost; reset after the close timeout).</param>
    /// <param name="shutdown">Cancelled when the server stops.</param>
    /// <param name="sessionId">For logs.</param>
    /// <param name="logger">The logger.</param>
    public SessionOutbox(GatewayOptions options, ServerCallContext call, CancellationToken shutdown, string sessionId, ILogger logger)
    {
        _call = call;
        _queue = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(options.SessionQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _closeTimeout = options.StreamCloseTimeout;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, shutdown);
        ShutdownToken = shutdown;
        _sessionId = sessionId;
        _logger = logger;
    }

    /// <summary>Cancelled when the session must end: client gone, server stopping, or cut off.</summary>
    public CancellationToken Token => _lifetime.Token;

    public CancellationToken ShutdownToken { get; }

    /// <summary>The status the session was cut off with, if it was.</summary>
    public Status? CutOffStatus => Volatile.Read(ref _cutOff)?.Value;

    /// <summary>Queues an answer to the client, waiting while the queue is full.</summary>
    public async ValueTask SendAsync(OutgoingFrame frame)
    {
        if (Volatile.Read(ref _ended) != 0)
        {
            throw new OperationCanceledException("The session has ended.", Token);
        }

        try
        {
            await _queue.Writer.WriteAsync(frame, Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException exception)
        {
            throw new OperationCanceledException("The session has ended.", exception, Token);
        }
    }

    /// <summary>Queues a pushed frame without waiting; a full queue cuts the session off. Safe under any lock.</summary>
    public void Push(OutgoingFrame frame)
    {
        if (Volatile.Read(ref _ended) != 0 || _queue.Writer.TryWrite(frame))
        {
            return;
        }

        if (Volatile.Read(ref _ended) == 0)
        {
            GatewayLog.SlowConsumerCutOff(_logger, _sessionId);
            CutOff(new Status(StatusCode.ResourceExhausted, TooSlowMessage));
        }
    }

    /// <summary>Ends the session with a status: nothing more is queued and both sides stop. Safe under any lock.</summary>
    public void CutOff(Status status)
    {
        if (Interlocked.CompareExchange(ref _cutOff, new StrongBox<Status>(status), null) is not null)
        {
            return;
        }

        Volatile.Write(ref _ended, 1);
        EndLifetime();
    }

    /// <summary>
    /// Runs a session to its end: runs <paramref name="body"/> (which returns a status only when the stream must end
    /// with it) while the writer loop drains the queue, then <paramref name="leaveRooms"/>; then lets the writer send
    /// what is queued (for at most <see cref="GatewayOptions.StreamCloseTimeout"/>, after which the call is reset) and
    /// ends the call: with the body's status, the cut-off status, UNAVAILABLE when the server is stopping, else OK.
    /// </summary>
    public async Task RunSessionAsync(IServerStreamWriter<OutgoingFrame> responses, Func<Task<Status?>> body, Func<Task> leaveRooms)
    {
        var writer = WriteLoopAsync(responses);
        Status? fatal = null;
        try
        {
            fatal = await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Token.IsCancellationRequested)
        {
            // Client gone, server stopping or cut off: decided below.
        }
        finally
        {
            await leaveRooms().ConfigureAwait(false);
            Volatile.Write(ref _ended, 1);
            _queue.Writer.TryComplete();
            await DrainAsync(writer).ConfigureAwait(false);
            _lifetime.Dispose();
        }

        if ((fatal ?? CutOffStatus) is { } status)
        {
            throw new RpcException(status);
        }

        if (ShutdownToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down"));
        }
    }

    private async Task WriteLoopAsync(IServerStreamWriter<OutgoingFrame> responses)
    {
        // Leave the handler's synchronous start: the body starts at once, the loop runs beside it.
        await Task.Yield();
        var reader = _queue.Reader;
        var unflushed = 0;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    var buffer = reader.Count > 0 && unflushed < MaxFramesPerFlush;
                    responses.WriteOptions = buffer ? BufferedWrite : null;
                    unflushed = buffer ? unflushed + 1 : 0;
                    // No token: a cancellable write would register a callback per frame; the close timeout resets the call instead.
                    await responses.WriteAsync(frame).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or OperationCanceledException)
        {
            // The call is gone (client cancelled, connection lost, or reset after the close timeout): end the session.
            GatewayLog.SessionWriteEnded(_logger, _sessionId, exception.GetType().Name);
            Volatile.Write(ref _ended, 1);
            _queue.Writer.TryComplete();
            EndLifetime();
        }
    }

    // The session has ended: the writer sends what is queued unless the client takes longer than the close timeout.
    private async Task DrainAsync(Task writer)
    {
        try
        {
            await writer.WaitAsync(_closeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            GatewayLog.SessionCloseTimedOut(_logger, _sessionId);
            // Resetting the HTTP/2 stream fails the pending write, which ends the writer loop.
            _call.GetHttpContext().Abort();
            await writer.ConfigureAwait(false);
        }
    }

    private void EndLifetime()
    {
        try
        {
            // Callbacks of the token (the reader's pending read, a pending answer) run on the thread pool.
            _ = _lifetime.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The session already ended.
        }
    }
}
