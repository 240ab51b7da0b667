namespace OrleansChat.Cli.Session;

/// <summary>A bounded set that forgets its oldest entries: the client message ids this session sent, so
/// its own messages coming back in a resumed history are not shown a second time.</summary>
internal sealed class RecentIds(int capacity)
{
    private readonly HashSet<string> _set = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public void Add(string id)
    {
        if (!_set.Add(id))
        {
            return;
        }

        _order.Enqueue(id);
        if (_order.Count > capacity)
        {
            _set.Remove(_order.Dequeue());
        }
    }

    public bool Contains(string id) => id.Length > 0 && _set.Contains(id);
}
