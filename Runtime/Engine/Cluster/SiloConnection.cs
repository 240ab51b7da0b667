using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Cluster.Protocol;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// This node's one <c>SiloMessaging/Connect</c> call to one peer silo, carrying every grain call to it. Requests go
/// into a bounded <see cref="Channel{T}"/> in call order and one writer loop writes them (so a caller's calls reach
/// the peer in order); one reader loop matches responses to <see cref="PendingCall"/>s by call id. Nothing is set up
/// per call. The call opens with a handshake (the peer's response headers): until it completes nothing is written,
/// so if the connection cannot be made every queued call fails as not sent and can be placed again. Once closed
/// (peer gone, dead, or this node stopping) the connection fails what waits on it and is replaced on next use.
/// </summary>
internal sealed class SiloConnection
{
    private readonly CallInvoker _invoker;
    private readonly string _callerName;
    private readonly Channel<PendingCall> _outgoing;
    private readonly ConcurrentDictionary<ulong, PendingCall> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _writesEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<SiloConnection> _onClosed;
    private readonly ILogger _logger;
    private AsyncDuplexStreamingCall<Envelope, Envelope>? _call;
    private long _nextCallId;
    private int _isClosed;
    private (string Reason, bool Unreachable, Exception? Cause) _closeReason;

    public SiloConnection(SiloAddress silo, CallInvoker invoker, string callerName, int capacity, Action<SiloConnection> onClosed, ILogger logger)
    {
        Silo = silo;
        _invoker = invoker;
        _callerName = callerName;
        _onClosed = onClosed;
        _logger = logger;
        _outgoing = Channel.CreateBounded<PendingCall>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public SiloAddress Silo { get; }

    public bool IsClosed => Volatile.Read(ref _isClosed) != 0;

    /// <summary>Completes once the connection is closed and everything waiting on it has failed.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Opens the call and starts its loops.</summary>
    public void Start()
    {
        var headers = new Metadata
        {
            { SiloMessagingMethods.TargetSiloHeader, Silo.ToString() },
            { SiloMessagingMethods.CallerHeader, _callerName },
        };
        try
        {
            _call = _invoker.AsyncDuplexStreamingCall(SiloMessagingMethods.Connect, host: null, new CallOptions(headers));
        }
        catch (Exception exception) when (exception is ObjectDisposedException or InvalidOperationException or RpcException)
        {
            Close("the connection could not be opened: " + exception.Message, unreachable: true, exception);
            return;
        }

        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(RunAsync, CancellationToken.None);
        }
    }

    /// <summary>
    /// Queues a request (in call order; waits only when the queue is full) and returns its pending call. Never
    /// throws: a closed connection fails the call as not sent.
    /// </summary>
    public PendingCall Send(GrainRequest request)
    {
        request.CallId = (ulong)Interlocked.Increment(ref _nextCallId);
        var pending = new PendingCall(Silo, request);
        _pending[request.CallId] = pending;
        if (!_outgoing.Writer.TryWrite(pending))
        {
            _ = WriteWhenRoomAsync(pending);
        }

        if (IsClosed)
        {
            // Closed while we queued: Close may have missed this one.
            FailOne(pending);
        }

        return pending;
    }

    /// <summary>The caller stopped waiting for <paramref name="pending"/>.</summary>
    public void Forget(PendingCall pending)
    {
        pending.Abandon();
        _pending.TryRemove(pending.Request.CallId, out _);
    }

    /// <summary>
    /// Ends the connection: queued requests fail as not sent (<see cref="Messaging.CallRejectedException"/>), sent ones
    /// with <see cref="SiloUnavailableException"/>, and the HTTP/2 stream is reset. Idempotent.
    /// </summary>
    public void Close(string reason, bool unreachable, Exception? cause)
    {
        if (Interlocked.Exchange(ref _isClosed, 1) != 0)
        {
            return;
        }

        _closeReason = (reason, unreachable, cause);
        _outgoing.Writer.TryComplete();
        _closing.Cancel();
        var failed = 0;
        foreach (var callId in _pending.Keys)
        {
            if (_pending.TryRemove(callId, out var pending))
            {
                pending.Fail(reason, unreachable, cause);
                failed++;
            }
        }

        while (_outgoing.Reader.TryRead(out var queued))
        {
            queued.Fail(reason, unreachable, cause);
        }

        _call?.Dispose();
        if (failed > 0 || !unreachable)
        {
            ClusterLog.ConnectionClosed(_logger, Silo.ToString(), reason, failed);
        }
        else
        {
            ClusterLog.ConnectFailed(_logger, Silo.ToString(), reason);
        }

        _closed.TrySetResult();
        _onClosed(this);
    }

    /// <summary>
    /// Graceful end: waits (bounded) for the calls in flight, then half-closes the request stream so the peer ends
    /// the call, and closes.
    /// </summary>
    public async Task CloseGracefullyAsync(TimeSpan timeout)
    {
        _outgoing.Writer.TryComplete();
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            foreach (var pending in _pending.Values.ToArray())
            {
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero)
                {
                    break;
                }

                await ((Task)pending.Response).WaitAsync(remaining).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (_call is not null && !IsClosed)
            {
                // One writer at a time: half-close only after the writer loop wrote what was queued.
                var remaining = deadline - DateTime.UtcNow;
                await _writesEnded.Task.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await _call.RequestStream.CompleteAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is RpcException or InvalidOperationException or ObjectDisposedException)
        {
            // The connection ended first; Close below reports it.
        }

        Close("this node is stopping", unreachable: false, cause: null);
    }

    private async Task WriteWhenRoomAsync(PendingCall pending)
    {
        try
        {
            await _outgoing.Writer.WriteAsync(pending, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is ChannelClosedException or OperationCanceledException)
        {
            FailOne(pending);
        }
    }

    private void FailOne(PendingCall pending)
    {
        if (_pending.TryRemove(pending.Request.CallId, out _))
        {
            var (reason, unreachable, cause) = _closeReason;
            pending.Fail(reason ?? "the connection closed", unreachable, cause);
        }
    }

    private async Task RunAsync()
    {
        var call = _call!;
        try
        {
            // The handshake: the peer sends its headers at once, or rejects the call (not that silo, stopping).
            await call.ResponseHeadersAsync.WaitAsync(_closing.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (!IsClosed)
        {
            _writesEnded.TrySetResult();
            Close("the connection could not be established: " + Describe(exception), unreachable: true, exception);
            return;
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException)
        {
            _writesEnded.TrySetResult();
            return;
        }

        ClusterLog.ConnectionOpened(_logger, Silo.ToString());
        var reading = ReadAsync(call);
        try
        {
            var reader = _outgoing.Reader;
            while (await reader.WaitToReadAsync(_closing.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var pending))
                {
                    if (!pending.TryMarkSent())
                    {
                        continue;
                    }

                    await call.RequestStream.WriteAsync(new Envelope { Request = pending.Request }).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (!IsClosed)
        {
            Close("writing to it failed: " + Describe(exception), unreachable: true, exception);
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException or InvalidOperationException or ObjectDisposedException)
        {
            // Closed already.
        }
        finally
        {
            _writesEnded.TrySetResult();
        }

        await reading.ConfigureAwait(false);
    }

    private async Task ReadAsync(AsyncDuplexStreamingCall<Envelope, Envelope> call)
    {
        try
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
            {
                if (call.ResponseStream.Current.Response is { } response && _pending.TryRemove(response.CallId, out var pending))
                {
                    pending.Complete(response);
                }
            }

            Close("the silo ended the connection", unreachable: false, cause: null);
        }
        catch (Exception exception) when (!IsClosed)
        {
            Close("the connection broke: " + Describe(exception), unreachable: true, exception);
        }
        catch (Exception exception) when (exception is OperationCanceledException or RpcException or InvalidOperationException or ObjectDisposedException)
        {
            // Closed already.
        }
    }

    private static string Describe(Exception exception)
    {
        if (exception is not RpcException rpc)
        {
            return exception.GetType().Name + " " + exception.Message;
        }

        // grpc-dotnet keeps the transport's own error (connection refused, connect timeout) in the status' debug exception.
        var cause = rpc.Status.DebugException is { } debug ? TransportCause(debug) : null;
        return cause is null || rpc.Status.Detail.Contains(cause, StringComparison.Ordinal)
            ? rpc.StatusCode + " " + rpc.Status.Detail
            : rpc.StatusCode + " " + rpc.Status.Detail + " (" + cause + ")";
    }

    private static string TransportCause(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException or TimeoutException)
            {
                return current.Message;
            }
        }

        return exception.GetBaseException().Message;
    }
}
