namespace OrleansChat.Gateway.Rooms;

/// <summary>A session's place in a room's feed; dispose it to leave the feed.</summary>
internal sealed class RoomAttachment : IDisposable
{
    private readonly RoomHub _hub;
    private readonly IRoomListener _listener;
    private int _disposed;

    public RoomAttachment(RoomHub hub, RoomFeed feed, IRoomListener listener)
    {
        _hub = hub;
        Feed = feed;
        _listener = listener;
    }

    public RoomFeed Feed { get; }

    /// <inheritdoc cref="RoomFeed.Activate"/>
    public bool Activate(long lastSeq) => Feed.Activate(_listener, lastSeq);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _hub.Detach(Feed, _listener);
        }
    }
}
