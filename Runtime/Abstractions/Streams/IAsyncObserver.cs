namespace OrleansChat.Runtime.Streams;

/// <summary>Consumes a stream. Items arrive one at a time, in publication order.</summary>
/// <typeparam name="T">The item type.</typeparam>
public interface IAsyncObserver<in T>
{
    /// <summary>Receives the next item and its token.</summary>
    Task OnNextAsync(T item, StreamSequenceToken? token = null);

    /// <summary>The stream completed.</summary>
    Task OnCompletedAsync();

    /// <summary>
    /// The subscription failed and ends, e.g. with <see cref="StreamSubscriberOverflowException"/> when the
    /// subscriber fell too far behind.
    /// </summary>
    Task OnErrorAsync(Exception ex);
}
