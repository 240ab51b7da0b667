using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Connection;

/// <summary>One <c>Connect</c> stream. One write at a time; one reader.</summary>
internal interface IChatStream : IAsyncDisposable
{
    Task WriteAsync(ClientFrame frame, CancellationToken cancellationToken);

    /// <summary>The next frame, or null when the server ended the stream with OK.</summary>
    Task<ServerFrame?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Half-closes the client side: the server ends the session.</summary>
    Task CompleteAsync();
}
