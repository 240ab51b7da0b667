using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Grains;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Gateway.Rooms;

/// <summary>
/// The room subscriptions of this gateway: one <see cref="RoomFeed"/> (one stream subscription) per room that
/// any local session is in, created by the first session to join and closed when the last one leaves.
/// </summary>
internal sealed class RoomHub
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RoomFeed> _feeds = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly ILogger<RoomHub> _logger;
    private readonly TimeSpan _resumeTimeout;
    private IStreamProvider? _streams;

    public RoomHub(IServiceProvider services, IOptions<GatewayOptions> options, ILogger<RoomHub> logger)
    {
        _services = services;
        _logger = logger;
        _resumeTimeout = options.Value.StreamResumeTimeout;
    }

    private IStreamProvider Streams => _streams ??= _services.GetStreamProvider(ChatStreams.ProviderName);

    /// <summary>
    /// Adds a session to the room's feed as pending (subscribing the gateway to the room first if needed) and
    /// returns once the subscription is in place. Call the room's Join after this, then
    /// <see cref="RoomAttachment.Activate"/>.
    /// </summary>
    public async Task<RoomAttachment> AttachAsync(string roomId, IRoomListener listener, CancellationToken cancellationToken)
    {
        RoomFeed? feed;
        lock (_lock)
        {
            if (!_feeds.TryGetValue(roomId, out feed))
            {
                feed = new RoomFeed(roomId, Streams.GetStream<RoomStreamItem>(ChatStreams.ForRoom(roomId)), this, _resumeTimeout, _logger);
                _feeds.Add(roomId, feed);
                feed.Start();
            }

            feed.Add(listener);
        }

        var attachment = new RoomAttachment(this, feed, listener);
        try
        {
            await feed.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            attachment.Dispose();
            throw;
        }

        return attachment;
    }

    /// <summary>A snapshot of the feeds, for lease renewal.</summary>
    public IReadOnlyList<RoomFeed> Feeds()
    {
        lock (_lock)
        {
            return [.. _feeds.Values];
        }
    }

    internal void Detach(RoomFeed feed, IRoomListener listener)
    {
        lock (_lock)
        {
            feed.Remove(listener);
        }

        ReleaseIfEmpty(feed);
    }

    /// <summary>Closes the feed when no session is left in it.</summary>
    internal void ReleaseIfEmpty(RoomFeed feed)
    {
        lock (_lock)
        {
            if (!feed.IsEmpty || !_feeds.TryGetValue(feed.RoomId, out var current) || current != feed)
            {
                return;
            }

            _feeds.Remove(feed.RoomId);
        }

        _ = feed.CloseAsync();
    }

    /// <summary>Forgets a broken feed so that the next session to join subscribes afresh.</summary>
    internal void Evict(RoomFeed feed)
    {
        lock (_lock)
        {
            if (_feeds.TryGetValue(feed.RoomId, out var current) && current == feed)
            {
                _feeds.Remove(feed.RoomId);
            }
        }
    }
}
