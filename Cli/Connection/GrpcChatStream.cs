using Grpc.Core;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Connection;

/// <summary>A <c>Connect</c> call seen as an <see cref="IChatStream"/>.</summary>
internal sealed class GrpcChatStream(AsyncDuplexStreamingCall<ClientFrame, ServerFrame> call) : IChatStream
{
    public Task WriteAsync(ClientFrame frame, CancellationToken cancellationToken)
        => call.RequestStream.WriteAsync(frame, cancellationToken);

    public async Task<ServerFrame?> ReadAsync(CancellationToken cancellationToken)
        => await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false) ? call.ResponseStream.Current : null;

    public Task CompleteAsync() => call.RequestStream.CompleteAsync();

    public ValueTask DisposeAsync()
    {
        call.Dispose();
        return ValueTask.CompletedTask;
    }
}
