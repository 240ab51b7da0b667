using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OrleansChat.Grpc;

namespace OrleansChat.Gateway.Sessions;

/// <summary>
/// The outgoing side of one client stream, on top of the response stream's own bounded queue (one loop per stream
/// drains it into HTTP/2, see <see cref="IServerStreamQueue{T}"/>), so a pushed frame costs one hand-off, not two.
/// Answers to the client's own requests wait for room (backpressure on the request reader); frames pushed by rooms
/// never wait: when <c>capacity</c> frames are already queued the session is cut off with RESOURCE_EXHAUSTED, so a
/// slow reader never holds up a room or the other sessions.
/// </summary>
internal sealed class SessionOutbox
{
    internal const string TooSlowMessage = "client is too slow; resume with resume_after_seq";

    private readonly int _capacity;
    private readonly CancellationTokenSource _lifetime;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly ILogger _logger;
    private readonly string _sessionId;
    private IServerStreamQueue<OutgoingFrame>? _queue;
    private StrongBox<Status>? _cutOff;
    private int _ended;

    /// <param name="capacity">How many frames may wait for the transport before a pushed frame cuts the session off.</param>
    /// <param name="callCancelled">The call's token (client cancel, deadline, connection lost).</param>
    /// <param name="shutdown">Cancelled when the server stops.</param>
    /// <param name="sessionId">For logs.</param>
    /// <param name="logger">The logger.</param>
    public SessionOutbox(int capacity, CancellationToken callCancelled, CancellationToken shutdown, string sessionId, ILogger logger)
    {
        _capacity = capacity;
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
        var queue = Volatile.Read(ref _queue) ?? throw new InvalidOperationException("The session is not running.");
        if (Volatile.Read(ref _ended) != 0 || Token.IsCancellationRequested)
        {
            throw new OperationCanceledException("The session has ended.", Token);
        }

        // Answers are sent one at a time (the stream allows one pending write); pushed frames go around the gate.
        await _sendGate.WaitAsync(Token).ConfigureAwait(false);
        try
        {
            await queue.WriteAsync(frame, Token).ConfigureAwait(false);
        }
        catch (InvalidOperationException exception) when (Token.IsCancellationRequested || queue.TryWrite(frame) == StreamQueueResult.Closed)
        {
            throw new OperationCanceledException("The session has ended.", exception, Token);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Queues a pushed frame without waiting; a full queue cuts the session off. Safe under any lock.</summary>
    public void Push(OutgoingFrame frame)
    {
        if (Volatile.Read(ref _ended) != 0 || Volatile.Read(ref _queue) is not { } queue)
        {
            return;
        }

        var result = queue.Count >= _capacity ? StreamQueueResult.Full : queue.TryWrite(frame);
        if (result == StreamQueueResult.Full)
        {
            GatewayLog.SlowConsumerCutOff(_logger, _sessionId);
            CutOff(new Status(StatusCode.ResourceExhausted, TooSlowMessage));
        }
        else if (result == StreamQueueResult.Closed)
        {
            // The transport failed or the call ended: end the session so the request reader stops too.
            EndLifetime();
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
    /// with it), then <paramref name="leaveRooms"/>, and ends the call (the stream sends what is queued before its
    /// status): with the body's status, the cut-off status, UNAVAILABLE when the server is stopping, else OK.
    /// </summary>
    public async Task RunSessionAsync(IServerStreamWriter<OutgoingFrame> responses, Func<Task<Status?>> body, Func<Task> leaveRooms)
    {
        Volatile.Write(ref _queue, responses as IServerStreamQueue<OutgoingFrame>
            ?? throw new ArgumentException("The chat gateway runs on the project's gRPC server, whose response streams are queues.", nameof(responses)));
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
