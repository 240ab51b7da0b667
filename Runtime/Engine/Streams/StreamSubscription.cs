using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Catalog;

namespace OrleansChat.Runtime.Streams;

/// <summary>
/// One subscriber of one stream: a bounded queue filled by publishers (never blocking them) and one delivery loop
/// that replays cached items first, then live ones, in order. If the queue overflows the subscription is cut off and
/// its observer gets <see cref="StreamSubscriberOverflowException"/>; other subscribers are unaffected. A subscription
/// can also be failed from outside (<see cref="Fail"/>, e.g. when its stream moves to another silo): delivery stops
/// and the observer gets the exception made for the first undelivered token.
/// </summary>
internal sealed class StreamSubscription<T> : IAsyncDisposable
    where T : class, IMessage<T>, new()
{
    private const int Active = 0;
    private const int Overflowed = 1;
    private const int Stopped = 2;
    private const int Failed = 3;

    private readonly StreamQueue<T> _stream;
    private readonly Channel<(T Item, long Sequence)> _queue;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private (T Item, long Sequence)[] _replay;
    private Func<Guid, StreamSequenceToken, Exception>? _failure;
    private int _state;
    private long _lastDelivered;

    /// <param name="firstSequence">The token delivery starts at (the from-token, or the one after the newest item).</param>
    public StreamSubscription(StreamQueue<T> stream, Guid handleId, IAsyncObserver<T> observer, ActivationData? owner, (T Item, long Sequence)[] replay, int capacity, long firstSequence, ILogger logger)
    {
        _stream = stream;
        HandleId = handleId;
        FirstSequence = firstSequence;
        _lastDelivered = firstSequence - 1;
        Owner = owner;
        Observer = owner is null ? observer : new ActivationStreamObserver<T>(owner, observer, () => IsActive);
        _replay = replay;
        Capacity = capacity;
        _logger = logger;
        _queue = Channel.CreateBounded<(T, long)>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Guid HandleId { get; }

    /// <summary>The token delivery started at.</summary>
    public long FirstSequence { get; }

    public ActivationData? Owner { get; }

    public IAsyncObserver<T> Observer { get; }

    public int Capacity { get; }

    public bool IsActive => Volatile.Read(ref _state) == Active;

    /// <summary>Completes when the delivery loop has ended.</summary>
    public Task Ended => _ended.Task;

    public void Start()
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(RunAsync, CancellationToken.None);
        }
    }

    /// <summary>Offers a live item (called under the stream's lock); false when the subscriber overflowed and is cut off.</summary>
    public bool Offer(T item, long sequence)
    {
        if (_queue.Writer.TryWrite((item, sequence)))
        {
            return true;
        }

        if (Interlocked.CompareExchange(ref _state, Overflowed, Active) == Active)
        {
            _queue.Writer.TryComplete();
        }

        return false;
    }

    /// <summary>Ends delivery; no further item is delivered.</summary>
    public void Stop()
    {
        Interlocked.CompareExchange(ref _state, Stopped, Active);
        _queue.Writer.TryComplete();
    }

    /// <summary>
    /// Ends delivery with an error: the observer gets the exception <paramref name="failure"/> makes from its handle id and the token of
    /// the first item it did not receive. False when the subscription had ended already.
    /// </summary>
    public bool Fail(Func<Guid, StreamSequenceToken, Exception> failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (Interlocked.CompareExchange(ref _failure, failure, null) is not null
            || Interlocked.CompareExchange(ref _state, Failed, Active) != Active)
        {
            return false;
        }

        _queue.Writer.TryComplete();
        return true;
    }

    public ValueTask DisposeAsync()
    {
        _stream.Unsubscribe(this);
        return ValueTask.CompletedTask;
    }

    private async Task RunAsync()
    {
        long? nextUndelivered = null;
        try
        {
            foreach (var (item, sequence) in _replay)
            {
                if (!IsActive)
                {
                    nextUndelivered = sequence;
                    break;
                }

                await DeliverAsync(item, sequence).ConfigureAwait(false);
            }

            _replay = [];
            await foreach (var (item, sequence) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (!IsActive)
                {
                    nextUndelivered ??= sequence;
                    break;
                }

                await DeliverAsync(item, sequence).ConfigureAwait(false);
            }

            var state = Volatile.Read(ref _state);
            var next = new StreamSequenceToken(nextUndelivered ?? _lastDelivered + 1);
            if (state == Overflowed)
            {
                StreamsLog.SubscriberOverflowed(_logger, _stream.StreamId, HandleId, Capacity);
                await Observer.OnErrorAsync(new StreamSubscriberOverflowException(_stream.StreamId, HandleId, Capacity, next)).ConfigureAwait(false);
            }
            else if (state == Failed)
            {
                await Observer.OnErrorAsync(_failure!(HandleId, next)).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            StreamsLog.DeliveryLoopFailed(_logger, _stream.StreamId, HandleId, exception);
        }
        finally
        {
            _stream.Unsubscribe(this);
            _ended.TrySetResult();
        }
    }

    private async Task DeliverAsync(T item, long sequence)
    {
        try
        {
            await Observer.OnNextAsync(item.Clone(), new StreamSequenceToken(sequence)).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            StreamsLog.SubscriberFailed(_logger, _stream.StreamId, HandleId, sequence, exception);
        }

        _lastDelivered = sequence;
    }
}
