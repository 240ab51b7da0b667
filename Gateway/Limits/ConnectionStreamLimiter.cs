using Microsoft.Extensions.Options;

namespace OrleansChat.Gateway.Limits;

/// <summary>Counts the chat streams open on each HTTP/2 connection (identified by the peer address and port).</summary>
internal sealed class ConnectionStreamLimiter
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly int _limit;

    public ConnectionStreamLimiter(IOptions<GatewayOptions> options)
    {
        _limit = options.Value.MaxStreamsPerConnection;
    }

    /// <summary>Takes a slot for a new stream; null when the connection already holds the maximum.</summary>
    public IDisposable? TryAcquire(string peer)
    {
        lock (_lock)
        {
            _open.TryGetValue(peer, out var count);
            if (count >= _limit)
            {
                return null;
            }

            _open[peer] = count + 1;
        }

        return new Slot(this, peer);
    }

    private void Release(string peer)
    {
        lock (_lock)
        {
            if (_open.TryGetValue(peer, out var count))
            {
                if (count <= 1)
                {
                    _open.Remove(peer);
                }
                else
                {
                    _open[peer] = count - 1;
                }
            }
        }
    }

    private sealed class Slot(ConnectionStreamLimiter owner, string peer) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(peer);
            }
        }
    }
}
