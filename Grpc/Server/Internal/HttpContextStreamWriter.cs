using System.Threading.Channels;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>
/// The response stream of a server-streaming or duplex call. <see cref="WriteAsync"/> only puts the message into a
/// bounded channel; one loop drains it: serializes, frames and writes every queued message, then flushes once.
/// A full channel makes <see cref="WriteAsync"/> wait, so a slow client holds the producer back.
/// </summary>
internal sealed class HttpContextStreamWriter<T> : IServerStreamQueue<T>
{
    /// <summary>Flush within a batch once this many bytes are buffered, so a long queue of big messages does not
    /// pile up in memory before the first byte goes out.</summary>
    private const int FlushThreshold = 64 * 1024;

    private readonly HttpContextServerCallContext _call;
    private readonly Func<T, byte[]> _serializer;
    private readonly Channel<PendingMessage> _channel;
    private readonly Lock _writeLock = new();
    private Task _pendingWrite = Task.CompletedTask;
    private Task _loop = Task.CompletedTask;
    private volatile Exception? _fault;
    private bool _completed;

    public HttpContextStreamWriter(HttpContextServerCallContext call, Func<T, byte[]> serializer, int capacity)
    {
        _call = call;
        _serializer = serializer;
        _channel = Channel.CreateBounded<PendingMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public WriteOptions? WriteOptions { get; set; }

    public int Count => _channel.Reader.Count;

    /// <summary>Starts the loop that drains the channel into the response.</summary>
    public void Start() => _loop = RunAsync();

    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        if (message is null)
        {
            throw new ArgumentNullException(nameof(message));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        lock (_writeLock)
        {
            if (!_pendingWrite.IsCompleted)
            {
                return Task.FromException(new InvalidOperationException("Can't write the message because the previous write is in progress."));
            }

            if (_fault is not null)
            {
                return Task.FromException(FaultException());
            }

            if (_completed)
            {
                return Task.FromException(new InvalidOperationException("Can't write the message because the request is complete."));
            }

            if (_call.CancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled(_call.CancellationToken);
            }

            var pending = new PendingMessage(message, WriteOptions ?? _call.WriteOptions);
            if (_channel.Writer.TryWrite(pending))
            {
                return Task.CompletedTask;
            }

            return _pendingWrite = WriteSlowAsync(pending, cancellationToken);
        }
    }

    public StreamQueueResult TryWrite(T message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_writeLock)
        {
            if (_fault is not null || _completed || _call.CancellationToken.IsCancellationRequested)
            {
                return StreamQueueResult.Closed;
            }

            if (_channel.Writer.TryWrite(new PendingMessage(message, WriteOptions ?? _call.WriteOptions)))
            {
                return StreamQueueResult.Queued;
            }

            return _channel.Reader.Completion.IsCompleted ? StreamQueueResult.Closed : StreamQueueResult.Full;
        }
    }

    /// <summary>Lets the loop send what is queued, then stop. Returns what broke the loop, if anything.</summary>
    public async Task<Exception?> CompleteAndDrainAsync()
    {
        lock (_writeLock)
        {
            _completed = true;
        }

        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        return _fault;
    }

    private async Task WriteSlowAsync(PendingMessage pending, CancellationToken cancellationToken)
    {
        using var linked = cancellationToken.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _call.CancellationToken)
            : null;
        try
        {
            await _channel.Writer.WriteAsync(pending, linked?.Token ?? _call.CancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw _fault is not null
                ? FaultException()
                : new InvalidOperationException("Can't write the message because the request is complete.");
        }
    }

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var token = _call.CancellationToken;
        try
        {
            while (await reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                if (!await _call.EnterResponseAsync().ConfigureAwait(false))
                {
                    break;
                }

                try
                {
                    await _call.EnsureResponseStartedAsync().ConfigureAwait(false);
                    var buffered = 0;
                    while (reader.TryRead(out var pending))
                    {
                        var payload = _serializer(pending.Message);
                        _call.WriteMessage(payload, pending.Options);
                        buffered += payload.Length;
                        if (buffered >= FlushThreshold)
                        {
                            await _call.FlushResponseAsync().ConfigureAwait(false);
                            buffered = 0;
                        }
                    }

                    await _call.FlushResponseAsync().ConfigureAwait(false);
                }
                finally
                {
                    _call.ExitResponse();
                }
            }
        }
        catch (Exception ex) when (token.IsCancellationRequested || HttpContextServerCallContext.IsClientGone(ex))
        {
            // The client cancelled, went away, or the deadline passed: nothing more can be sent.
            _fault = token.IsCancellationRequested ? null : ex;
        }
        catch (Exception ex)
        {
            GrpcServerLog.ErrorSendingMessage(_call.Logger, ex);
            _fault = ex;
        }
        finally
        {
            _channel.Writer.TryComplete();
        }
    }

    private Exception FaultException() => _fault is RpcException rpcException
        ? new RpcException(rpcException.Status, rpcException.Trailers, rpcException.Message, rpcException)
        : new InvalidOperationException("Can't write the message because the response stream failed.", _fault);

    private readonly record struct PendingMessage(T Message, WriteOptions? Options);
}
