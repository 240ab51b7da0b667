namespace OrleansChat.Chat.Tests.EndToEnd;

/// <summary>The Python peers of one test: started in parallel, always ended (in parallel) when the test ends.</summary>
internal sealed class PeerSet(ChatServerProcess server) : IAsyncDisposable
{
    private readonly List<PythonPeer> _peers = [];
    private readonly Lock _gate = new();

    public ChatServerProcess Server => server;

    public static async Task<(PeerSet Set, PythonPeer[] Peers)> StartAsync(ChatServerProcess server, params string[] users)
    {
        var set = new PeerSet(server);
        try
        {
            return (set, await set.AddAsync(users));
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>Says Hello and joins the room with each peer, one after the other (so JOIN events come in that order).</summary>
    public static async Task HelloAndJoinAsync(IEnumerable<PythonPeer> peers, string room)
    {
        foreach (var peer in peers)
        {
            await peer.HelloAsync();
            await peer.JoinAsync(room);
        }
    }

    public async Task<PythonPeer[]> AddAsync(params string[] users)
    {
        var starts = users.Select(user => PythonPeer.StartAsync(server, user)).ToArray();
        try
        {
            await Task.WhenAll(starts);
        }
        finally
        {
            lock (_gate)
            {
                _peers.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
        }

        return [.. starts.Select(t => t.Result)];
    }

    public async Task<PythonPeer> AddAsync(string user) => (await AddAsync([user]))[0];

    public async ValueTask DisposeAsync()
    {
        PythonPeer[] peers;
        lock (_gate)
        {
            peers = [.. _peers];
            _peers.Clear();
        }

        await Task.WhenAll(peers.Select(p => p.DisposeAsync().AsTask()));
    }
}
