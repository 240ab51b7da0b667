namespace OrleansChat.Cli.Session;

/// <summary>Unacknowledged sends in the order they were typed, found by client message id.</summary>
internal sealed class PendingSends
{
    private readonly LinkedList<PendingSend> _order = new();
    private readonly Dictionary<string, LinkedListNode<PendingSend>> _byId = new(StringComparer.Ordinal);

    public int Count => _order.Count;

    /// <summary>The oldest unacknowledged send, or null.</summary>
    public PendingSend? Oldest => _order.First?.Value;

    public void Add(PendingSend send) => _byId.Add(send.ClientMessageId, _order.AddLast(send));

    public bool TryRemove(string clientMessageId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PendingSend? send)
    {
        if (_byId.Remove(clientMessageId, out var node))
        {
            _order.Remove(node);
            send = node.Value;
            return true;
        }

        send = null;
        return false;
    }

    public List<PendingSend> RemoveAll()
    {
        var all = _order.ToList();
        _order.Clear();
        _byId.Clear();
        return all;
    }
}
