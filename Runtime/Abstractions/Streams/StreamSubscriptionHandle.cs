namespace OrleansChat.Runtime.Streams;

/// <summary>A live subscription to a stream.</summary>
/// <typeparam name="T">The item type.</typeparam>
public abstract class StreamSubscriptionHandle<T>
{
    /// <summary>The subscribed stream.</summary>
    public abstract StreamId StreamId { get; }

    /// <summary>The subscription's identity; kept by <see cref="ResumeAsync"/>.</summary>
    public abstract Guid HandleId { get; }

    /// <summary>Ends the subscription; no item is delivered after this completes.</summary>
    public abstract Task UnsubscribeAsync();

    /// <summary>
    /// Replaces the observer (optionally rewinding to <paramref name="token"/>) and returns the handle of the
    /// resumed subscription, which has the same <see cref="HandleId"/>.
    /// </summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer, StreamSequenceToken? token = null);
}
