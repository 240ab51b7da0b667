using System.Net;
using System.Net.Http.Headers;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Client.Internal;

/// <summary>The request body of a unary or server-streaming call: one length-prefixed message, then END_STREAM.</summary>
internal sealed class UnaryRequestContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _frame;

    public UnaryRequestContent(ReadOnlyMemory<byte> frame)
    {
        _frame = frame;
        Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocolConstants.GrpcContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        => await stream.WriteAsync(_frame, cancellationToken).ConfigureAwait(false);

    protected override bool TryComputeLength(out long length)
    {
        // Like grpc's own clients, send no content-length.
        length = -1;
        return false;
    }
}
