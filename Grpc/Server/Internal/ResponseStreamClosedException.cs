namespace OrleansChat.Grpc.Server.Internal;

/// <summary>
/// The HTTP/2 stream of the response was reset or closed under a write (the client cancelled or went away), possibly
/// before <c>RequestAborted</c> fired: a cancellation by the client, never a handler error.
/// </summary>
internal sealed class ResponseStreamClosedException(CancellationToken token)
    : OperationCanceledException("The response stream was closed while sending a message.", token);
