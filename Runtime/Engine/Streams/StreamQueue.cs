using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Catalog;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// The state of one in-memory stream: its last sequence number, a bounded cache of recent items and its
/// subscriptions. Publishing and subscribing take a short lock so that a subscription's replay and its live items
/// join with no gap and no duplicate; nothing inside the lock waits.
/// </summary>
internal sealed class StreamQueue<T> : IStreamQueue
    where T : class, IMessage<T>, new()
{
    private readonly Lock _gate = new();
    private readonly StreamItemCache<T> _cache;
    private readonly List<StreamSubscription<T>> _subscriptions = [];
    private readonly MemoryStreamOptions _options;
    private readonly ILogger _logger;
    private long _lastSequence;
    private bool _hasHistory;

    public StreamQueue(StreamId streamId, MemoryStreamOptions options, ILogger logger)
    {
        StreamId = streamId;
        _options = options;
        _logger = logger;
        _cache = new StreamItemCache<T>(options.CacheSize);
    }

    public StreamId StreamId { get; }

    public Type ItemType => typeof(T);

    public StreamSequenceToken Publish(T item, StreamSequenceToken? token)
    {
        ArgumentNullException.ThrowIfNull(item);
        var copy = item.Clone();
        List<StreamSubscription<T>>? overflowed = null;
        long sequence;
        lock (_gate)
        {
            sequence = token?.SequenceNumber ?? _lastSequence + 1;
            if (sequence <= 0 || (_hasHistory && sequence <= _lastSequence))
            {
                throw new ArgumentException(
                    "Stream " + StreamId + ": token " + sequence + " must be positive and greater than the last token " + _lastSequence + ".", nameof(token));
            }

            _lastSequence = sequence;
            _hasHistory = true;
            _cache.Add(copy, sequence);
            foreach (var subscription in _subscriptions)
            {
                if (!subscription.Offer(copy, sequence))
                {
                    (overflowed ??= []).Add(subscription);
                }
            }

            if (overflowed is not null)
            {
                _subscriptions.RemoveAll(overflowed.Contains);
            }
        }

        return new StreamSequenceToken(sequence);
    }

    public StreamSubscription<T> Subscribe(IAsyncObserver<T> observer, StreamSequenceToken? from, Guid handleId, ActivationData? owner)
    {
        ArgumentNullException.ThrowIfNull(observer);
        StreamSubscription<T> subscription;
        lock (_gate)
        {
            if (_subscriptions.Count >= _options.MaxSubscribersPerStream)
            {
                throw new InvalidOperationException(
                    "Stream " + StreamId + " already has MemoryStreamOptions.MaxSubscribersPerStream (" + _options.MaxSubscribersPerStream + ") subscriptions.");
            }

            var replay = from is null ? [] : Rewind(from);
            var first = from?.SequenceNumber ?? _lastSequence + 1;
            subscription = new StreamSubscription<T>(this, handleId, observer, owner, replay, _options.SubscriberQueueCapacity, first, _logger);
            if (owner is not null && !owner.TryAddKeepAliveResource(subscription))
            {
                throw new InvalidOperationException("Grain " + owner.GrainId + " is deactivating and cannot subscribe to stream " + StreamId + ".");
            }

            _subscriptions.Add(subscription);
        }

        subscription.Start();
        StreamsLog.Subscribed(_logger, StreamId, handleId, from?.SequenceNumber);
        return subscription;
    }

    public void Unsubscribe(StreamSubscription<T> subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }

        subscription.Stop();
        subscription.Owner?.RemoveKeepAliveResource(subscription);
    }

    public IList<StreamSubscription<T>> GetSubscriptions(ActivationData? owner)
    {
        lock (_gate)
        {
            return owner is null ? [.. _subscriptions] : _subscriptions.Where(s => s.Owner == owner).ToList();
        }
    }

    public void StopAll()
    {
        StreamSubscription<T>[] subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Stop();
        }
    }

    /// <summary>
    /// Ends every subscription with an error: each observer gets the exception <paramref name="failure"/> makes (from the handle id and
    /// the token of the first item it did not receive), e.g. when the stream moved to another silo.
    /// </summary>
    public void FailAll(Func<Guid, StreamSequenceToken, Exception> failure)
    {
        StreamSubscription<T>[] subscriptions;
        lock (_gate)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Fail(failure);
        }
    }

    private (T Item, long Sequence)[] Rewind(StreamSequenceToken from)
    {
        if (!_hasHistory)
        {
            throw new StreamRewindUnavailableException(StreamId, from, null, null);
        }

        var oldest = _cache.OldestSequence;
        if (from.SequenceNumber < oldest || from.SequenceNumber > _lastSequence + 1)
        {
            throw new StreamRewindUnavailableException(StreamId, from, new StreamSequenceToken(oldest), new StreamSequenceToken(_lastSequence));
        }

        return _cache.From(from.SequenceNumber);
    }
}
