using System.Net;
using System.Net.Http.Headers;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Client.Internal;

/// <summary>
/// The request body of a client-streaming or duplex call. The HTTP handler calls
/// <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/> once the HEADERS frame
/// is out; it hands the request stream to the call's writer and stays open until the writer completes
/// (END_STREAM) or the call is aborted (the handler then resets the stream).
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _streamTcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completeTcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamingRequestContent()
    {
        Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocolConstants.GrpcContentType);
    }

    /// <summary>The HTTP/2 request stream, once the handler has sent the request headers.</summary>
    public Task<Stream> RequestStream => _streamTcs.Task;

    /// <summary>Ends the request body: the handler sends END_STREAM. A write still waiting for the stream
    /// (the handler never asked for the body, e.g. after a Trailers-Only response) stops waiting.</summary>
    public void Complete()
    {
        _completeTcs.TrySetResult();
        _streamTcs.TrySetCanceled();
    }

    /// <summary>Ends the request body with an error: the handler resets the stream.</summary>
    public void Abort()
    {
        _streamTcs.TrySetCanceled();
        _completeTcs.TrySetCanceled();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Flush at once so the HEADERS frame leaves before any message: a duplex server may answer first,
        // and a client-streaming call may wait a long time before its first write.
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _streamTcs.TrySetResult(stream);
        await _completeTcs.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        // The length of a stream is not known in advance; HTTP/2 needs no content-length.
        length = -1;
        return false;
    }
}
