using System.Net.Http;

namespace OrleansChat.Grpc.Client.Internal;

/// <summary>
/// The request stream of a client-streaming or duplex call. Each write frames one message, writes it to the
/// HTTP/2 request stream and flushes, so it completes when the transport has taken the message (HTTP/2 flow
/// control is the backpressure). One write at a time; <see cref="CompleteAsync"/> sends END_STREAM.
/// </summary>
internal sealed class HttpContentClientStreamWriter<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
{
    private readonly Lock _lock = new();
    private Task? _writeTask;
    private bool _completed;

    public WriteOptions? WriteOptions { get; set; }

    public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_completed)
            {
                return Task.FromException(new InvalidOperationException("Can't write the message because the request stream is complete."));
            }

            if (_writeTask is { IsCompleted: false })
            {
                return Task.FromException(new InvalidOperationException("Can't write the message because the previous write is in progress."));
            }

            if (call.StatusTask.IsCompleted)
            {
                return Task.FromException(CallEndedException(call.StatusTask.Result));
            }

            return _writeTask = WriteCoreAsync(message, WriteOptions ?? call.Options.WriteOptions, cancellationToken);
        }
    }

    public Task CompleteAsync()
    {
        lock (_lock)
        {
            if (_writeTask is { IsCompleted: false })
            {
                return Task.FromException(new InvalidOperationException("Can't complete the request stream because a write is in progress."));
            }

            if (_completed)
            {
                return Task.CompletedTask;
            }

            _completed = true;
        }

        call.CompleteRequest();
        return Task.CompletedTask;
    }

    private async Task WriteCoreAsync(TRequest message, WriteOptions? writeOptions, CancellationToken cancellationToken)
    {
        if (!call.TryFrameMessage(message, writeOptions, out var frame, out var error))
        {
            call.Cancel(error);
            throw call.CreateException(await call.StatusTask.ConfigureAwait(false));
        }

        // A half-written message would corrupt the stream, so cancelling a write cancels the call.
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).Cancel(new Status(StatusCode.Cancelled, "Call canceled by the client.")), call)
            : default;

        try
        {
            var stream = await call.RequestStream.WaitAsync(call.CallToken).ConfigureAwait(false);
            await stream.WriteAsync(frame, call.CallToken).ConfigureAwait(false);
            await stream.FlushAsync(call.CallToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException)
        {
            throw await WriteFailedAsync(ex).ConfigureAwait(false);
        }
    }

    /// <summary>The exception for a write the transport refused: the call's status when it has one.</summary>
    private async Task<Exception> WriteFailedAsync(Exception exception)
    {
        if (!call.StatusTask.IsCompleted)
        {
            // The stream is gone (reset by the server, or the connection closed); once the response headers
            // (perhaps Trailers-Only) have come or failed, the call may know why.
            await call.HeadersTask.ConfigureAwait(false);
        }

        if (call.StatusTask.IsCompleted)
        {
            return CallEndedException(call.StatusTask.Result);
        }

        return new RpcException(ClientStatusMapping.FromTransportException(exception, call.Channel.Address), new Metadata(), null, exception);
    }

    private Exception CallEndedException(Status status)
        => status.StatusCode == StatusCode.OK
            ? new InvalidOperationException("Can't write the message because the call is complete.")
            : call.CreateException(status);
}
