namespace OrleansChat.Grpc;

/// <summary>
/// The response stream of a server-streaming or duplex call seen as the bounded queue it is: besides the usual
/// awaited <see cref="IAsyncStreamWriter{T}.WriteAsync"/>, a producer that must never wait (an event fanned out to
/// many streams) can offer a message with <see cref="TryWrite"/> and decide itself what a full queue means.
/// The server's response streams implement it; one loop per stream drains the queue into the transport.
/// </summary>
/// <typeparam name="T">The response message type.</typeparam>
public interface IServerStreamQueue<in T> : IServerStreamWriter<T>
{
    /// <summary>How many messages are queued and not yet handed to the transport.</summary>
    int Count { get; }

    /// <summary>Queues a message without waiting. Safe to call concurrently with itself and with one pending
    /// <see cref="IAsyncStreamWriter{T}.WriteAsync"/>.</summary>
    /// <returns>Whether the message was queued, the queue was full, or the stream can take no more messages.</returns>
    StreamQueueResult TryWrite(T message);
}
