using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using OrleansChat.Grpc;

namespace OrleansChat.Gateway.Sessions;

/// <summary>
/// The outgoing side of one client stream: a bounded queue of frames drained by one writer loop, the only code that
/// writes the response stream. Answers to the client's own requests wait for room in the queue (backpressure on
/// the request reader); frames pushed by rooms never wait: when the queue is full the session is cut off with
/// RESOURCE_EXHAUSTED, so a slow reader never holds up a room or the other sessions.
/// </summary>
internal sealed class SessionOutbox
{
    internal const string TooSlowMessage = "client is too slow; resume with resume_after_seq";

    private readonly Channel<OutgoingFrame> _channel;
    private readonly CancellationTokenSource _lifetime;
    private readonly ILogger _logger;
    private readonly string _sessionId;
    private StrongBox<Status>? _cutOff;
    private int _ended;

    /// <param name="capacity">The bound of the queue, in frames.</param>
    /// <param name="callCancelled">The call's token (client cancel, deadline, connection lost).</param>
    /// <param name="shutdown">Cancelled when the server stops.</param>
    /// <param name="sessionId">For logs.</param>
    /// <param name="logger">The logger.</param>
    public SessionOutbox(int capacity, CancellationToken callCancelled, CancellationToken shutdown, string sessionId, ILogger logger)
    {
        _channel = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, shutdown);
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
        try
        {
            await _channel.Writer.WriteAsync(frame, Token).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new OperationCanceledException("The session has ended.", Token);
        }
    }

    /// <summary>Queues a pushed frame without waiting; a full queue cuts the session off.</summary>
    public void Push(OutgoingFrame frame)
    {
        if (!_channel.Writer.TryWrite(frame) && Volatile.Read(ref _ended) == 0)
        {
            GatewayLog.SlowConsumerCutOff(_logger, _sessionId);
            CutOff(new Status(StatusCode.ResourceExhausted, TooSlowMessage));
        }
    }

    /// <summary>Ends the session with a status: drops the queue and stops both loops. Safe under any lock.</summary>
    public void CutOff(Status status)
    {
        if (Interlocked.CompareExchange(ref _cutOff, new StrongBox<Status>(status), null) is not null)
        {
            return;
        }

        _channel.Writer.TryComplete();

        // Callbacks of the token (the reader's pending read, the writer's pending write) run on the thread pool.
        _ = _lifetime.CancelAsync();
    }

    /// <summary>
    /// Runs a session to its end: starts the writer loop, runs <paramref name="body"/> (which returns a status only
    /// when the stream must end with it), then <paramref name="leaveRooms"/>, lets the writer send what is queued, and
    /// ends the call: with the body's status, the cut-off status, UNAVAILABLE when the server is stopping, else OK.
    /// </summary>
    public async Task RunSessionAsync(IServerStreamWriter<OutgoingFrame> responses, Func<Task<Status?>> body, Func<Task> leaveRooms)
    {
        var writer = RunWriterAsync(responses);
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
            Complete();
            await writer.ConfigureAwait(false);
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

    /// <summary>The writer loop: writes each queued frame, one at a time, until the queue completes.</summary>
    private async Task RunWriterAsync(IServerStreamWriter<OutgoingFrame> responses)
    {
        try
        {
            var reader = _channel.Reader;
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
        catch (Exception exception)
        {
            // The transport failed: the client is gone. End the session so the reader stops too.
            GatewayLog.SessionWriteFailed(_logger, _sessionId, exception);
            _ = _lifetime.CancelAsync();
        }
    }

    /// <summary>No more frames: the writer sends what is queued, then stops.</summary>
    private void Complete()
    {
        Volatile.Write(ref _ended, 1);
        _channel.Writer.TryComplete();
    }
}
