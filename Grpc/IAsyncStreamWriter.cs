namespace OrleansChat.Grpc;

/// <summary>Writes messages to a stream. Only one write may be pending at a time; a write completes
/// when the transport has accepted the message, so a slow peer slows the writer (backpressure).</summary>
public interface IAsyncStreamWriter<in T>
{
    WriteOptions? WriteOptions { get; set; }

    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}

public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>
{
}

public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Half-closes the request stream.</summary>
    Task CompleteAsync();
}
