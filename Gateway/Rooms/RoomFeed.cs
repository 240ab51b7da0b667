using Microsoft.Extensions.Logging;
using OrleansChat.Grains;
using OrleansChat.Runtime;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Gateway.Rooms;

/// <summary>
/// This gateway's single subscription to one room's stream, fanning each item out to the local sessions in the
/// room. A session is added before it calls the room's Join and is <em>pending</em> until it has queued the Join
/// answer: items arriving meanwhile are held, then <see cref="Activate"/> hands over the held items with a seq above
/// the Join's last seq and, from then on, live items; so the session sees no gap and no duplicate.
/// </summary>
internal sealed class RoomFeed : IAsyncObserver<RoomStreamItem>
{
    /// <summary>How many items may arrive for a session between its subscription and its Join result.</summary>
    internal const int MaxPendingItems = 1024;

    private static readonly TimeSpan MinResumeBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxResumeBackoff = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Subscriber> _subscribers = new(StringComparer.Ordinal);
    private readonly IAsyncStream<RoomStreamItem> _stream;
    private readonly RoomHub _hub;
    private readonly TimeSpan _resumeTimeout;
    private readonly ILogger _logger;
    private StreamSubscriptionHandle<RoomStreamItem>? _handle;
    private bool _closed;

    public RoomFeed(string roomId, IAsyncStream<RoomStreamItem> stream, RoomHub hub, TimeSpan resumeTimeout, ILogger logger)
    {
        RoomId = roomId;
        _stream = stream;
        _hub = hub;
        _resumeTimeout = resumeTimeout;
        _logger = logger;
    }

    public string RoomId { get; }

    /// <summary>Completes once the stream subscription is in place.</summary>
    public Task Ready { get; private set; } = Task.CompletedTask;

    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count == 0;
            }
        }
    }

    /// <summary>Subscribes to the room stream (once, when the hub creates the feed).</summary>
    public void Start() => Ready = Task.Run(SubscribeAsync);

    public void Add(IRoomListener listener)
    {
        lock (_lock)
        {
            _subscribers[listener.SessionId] = new Subscriber(listener);
        }
    }

    public bool Remove(IRoomListener listener)
    {
        lock (_lock)
        {
            return _subscribers.TryGetValue(listener.SessionId, out var subscriber)
                && subscriber.Listener == listener
                && _subscribers.Remove(listener.SessionId);
        }
    }

    /// <summary>
    /// Ends the pending phase of a session (call it once the Join answer is queued): delivers the held items with a
    /// seq above <paramref name="lastSeq"/>, and from then on live items. Returns false when the session is no
    /// longer in the feed (it lost the room meanwhile).
    /// </summary>
    public bool Activate(IRoomListener listener, long lastSeq)
    {
        var overflowed = false;
        var gap = false;
        lock (_lock)
        {
            if (!_subscribers.TryGetValue(listener.SessionId, out var subscriber) || subscriber.Listener != listener)
            {
                return false;
            }

            if (subscriber.Pending is null)
            {
                throw new InvalidOperationException("The session is already active in room " + RoomId + ".");
            }

            if (subscriber.PendingOverflowed)
            {
                _subscribers.Remove(listener.SessionId);
                overflowed = true;
            }
            else
            {
                subscriber.LastSeq = lastSeq;
                var pending = subscriber.Pending;
                subscriber.Pending = null;
                foreach (var item in pending)
                {
                    if (!Deliver(subscriber, item))
                    {
                        _subscribers.Remove(listener.SessionId);
                        gap = true;
                        break;
                    }
                }
            }
        }

        if (gap)
        {
            _hub.ReleaseIfEmpty(this);
            listener.OnRoomLost(RoomId, RoomLossReason.FeedLost);
            return false;
        }

        if (overflowed)
        {
            _hub.ReleaseIfEmpty(this);
            listener.OnRoomLost(RoomId, RoomLossReason.Overflow);
            return false;
        }

        return true;
    }

    /// <summary>The active sessions, for lease renewal.</summary>
    public IReadOnlyList<SessionRef> ActiveSessions()
    {
        lock (_lock)
        {
            return [.. _subscribers.Values
                .Where(s => s.Pending is null)
                .Select(s => new SessionRef { UserId = s.Listener.UserId, SessionId = s.Listener.SessionId })];
        }
    }

    /// <summary>The room refused a session's lease: the session leaves the feed and is told.</summary>
    public void Reject(string sessionId)
    {
        IRoomListener? listener;
        lock (_lock)
        {
            if (!_subscribers.Remove(sessionId, out var subscriber))
            {
                return;
            }

            listener = subscriber.Listener;
        }

        _hub.ReleaseIfEmpty(this);
        listener.OnRoomLost(RoomId, RoomLossReason.LeaseRejected);
    }

    public Task OnNextAsync(RoomStreamItem item, StreamSequenceToken? token = null)
    {
        var feedItem = new FeedItem(item);
        List<IRoomListener>? broken = null;
        lock (_lock)
        {
            if (_closed)
            {
                return Task.CompletedTask;
            }

            foreach (var subscriber in _subscribers.Values)
            {
                if (subscriber.Pending is null)
                {
                    if (!Deliver(subscriber, feedItem))
                    {
                        (broken ??= []).Add(subscriber.Listener);
                    }
                }
                else if (subscriber.Pending.Count < MaxPendingItems)
                {
                    subscriber.Pending.Add(feedItem);
                }
                else
                {
                    subscriber.PendingOverflowed = true;
                }
            }

            foreach (var listener in broken ?? [])
            {
                _subscribers.Remove(listener.SessionId);
            }
        }

        if (broken is not null)
        {
            _hub.ReleaseIfEmpty(this);
            foreach (var listener in broken)
            {
                listener.OnRoomLost(RoomId, RoomLossReason.FeedLost);
            }
        }

        return Task.CompletedTask;
    }

    public async Task OnErrorAsync(Exception ex)
    {
        if (ResumeToken(ex) is { } next && _handle is { } handle)
        {
            // This gateway fell behind the stream, or (in a cluster) the silo carrying it is gone or no longer owns
            // it: pick up where it stopped, from the (new) owner's cache. A new owner without that history makes the
            // resume fail, and the sessions resume themselves from the room's history.
            GatewayLog.RoomFeedResuming(_logger, RoomId, next.SequenceNumber);
            try
            {
                _handle = await ResumeAsync(handle, next).ConfigureAwait(false);
                return;
            }
            catch (Exception resumeError)
            {
                GatewayLog.RoomFeedLost(_logger, RoomId, resumeError);
                Fail();
                return;
            }
        }

        GatewayLog.RoomFeedLost(_logger, RoomId, ex);
        Fail();
    }

    public Task OnCompletedAsync()
    {
        GatewayLog.RoomFeedCompleted(_logger, RoomId);
        Fail();
        return Task.CompletedTask;
    }

    /// <summary>Unsubscribes; called by the hub once the last session left.</summary>
    public async Task CloseAsync()
    {
        lock (_lock)
        {
            _closed = true;
        }

        try
        {
            await Ready.ConfigureAwait(false);
            if (_handle is { } handle)
            {
                await handle.UnsubscribeAsync().ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            GatewayLog.RoomFeedUnsubscribeFailed(_logger, RoomId, exception);
        }
    }

    private static StreamSequenceToken? ResumeToken(Exception exception) => exception switch
    {
        StreamSubscriberOverflowException { NextToken: { } next } => next,
        StreamOwnerChangedException { NextToken: { } next } => next,
        _ => null,
    };

    // While the cluster has not yet noticed a crashed owner, the stream's new owner is unknown or unreachable: retry
    // with backoff until the resume timeout.
    private async Task<StreamSubscriptionHandle<RoomStreamItem>> ResumeAsync(StreamSubscriptionHandle<RoomStreamItem> handle, StreamSequenceToken next)
    {
        var deadline = DateTime.UtcNow + _resumeTimeout;
        var backoff = MinResumeBackoff;
        while (true)
        {
            try
            {
                return await handle.ResumeAsync(this, next).ConfigureAwait(false);
            }
            catch (SiloUnavailableException) when (DateTime.UtcNow + backoff < deadline && !IsClosed)
            {
                await Task.Delay(backoff).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxResumeBackoff.Ticks));
            }
        }
    }

    private bool IsClosed
    {
        get
        {
            lock (_lock)
            {
                return _closed;
            }
        }
    }

    private async Task SubscribeAsync()
    {
        _handle = await _stream.SubscribeAsync(this).ConfigureAwait(false);
        GatewayLog.RoomFeedSubscribed(_logger, RoomId);
    }

    // Drops what the session has already seen (seq at or below its last) and hands the rest over. Returns false on a
    // gap (an event was lost on the way): the session must then resume, which the caller arranges.
    private bool Deliver(Subscriber subscriber, FeedItem item)
    {
        var seq = item.Seq;
        if (seq > 0)
        {
            if (seq <= subscriber.LastSeq)
            {
                return true;
            }

            if (seq != subscriber.LastSeq + 1)
            {
                GatewayLog.RoomFeedGap(_logger, RoomId, subscriber.LastSeq, seq, subscriber.Listener.SessionId);
                return false;
            }

            subscriber.LastSeq = seq;
        }

        subscriber.Listener.OnRoomItem(item);
        return true;
    }

    private void Fail()
    {
        List<IRoomListener> listeners;
        lock (_lock)
        {
            _closed = true;
            listeners = [.. _subscribers.Values.Select(s => s.Listener)];
            _subscribers.Clear();
        }

        _hub.Evict(this);
        foreach (var listener in listeners)
        {
            listener.OnRoomLost(RoomId, RoomLossReason.FeedLost);
        }
    }

    private sealed class Subscriber(IRoomListener listener)
    {
        public IRoomListener Listener { get; } = listener;

        /// <summary>Items held while the session joins; null once active.</summary>
        public List<FeedItem>? Pending { get; set; } = [];

        public bool PendingOverflowed { get; set; }

        /// <summary>The highest seq the session has (from its Join result or delivered since).</summary>
        public long LastSeq { get; set; }
    }
}
