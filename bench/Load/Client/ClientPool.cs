using System.Net;
using Grpc.Net.Client;

namespace OrleansChat.Bench.Load.Client;

/// <summary>
/// The simulated clients of one run against one server (or the gateways of a cluster, connection i to address
/// i mod count). Each group of <c>clientsPerConnection</c> clients shares a <see cref="GrpcChannel"/> with its own
/// <see cref="SocketsHttpHandler"/>, i.e. one HTTP/2 connection (one client per connection by default); channels
/// never share a handler, so N groups are N connections. Clients are connected with bounded concurrency; failures
/// are counted, not thrown, so a run can report how far it got.
/// </summary>
internal sealed class ClientPool(IReadOnlyList<Uri> addresses, IClientListener listener, LoadCounters counters) : IAsyncDisposable
{
    public ClientPool(Uri address, IClientListener listener, LoadCounters counters)
        : this([address], listener, counters)
    {
    }

    private const int OutboxCapacity = 256;

    private readonly List<GrpcChannel> _channels = [];
    private readonly List<ChatClient> _clients = [];
    private readonly Lock _lock = new();
    private long _failures;
    private long _notStarted;
    private string? _firstFailure;

    public IReadOnlyList<ChatClient> Clients => _clients;

    public long Failures => Interlocked.Read(ref _failures);

    public string? FirstFailure => _firstFailure;

    /// <summary>Clients never started because the setup time limit had passed.</summary>
    public long NotStarted => Interlocked.Read(ref _notStarted);

    public static TimeSpan ControlTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Connects clients <paramref name="first"/> .. first+count-1 (user id from <paramref name="userIdOf"/>),
    /// running <paramref name="setup"/> (e.g. joining rooms) on each. Returns the clients that made it, by index.
    /// No client is started after <paramref name="timeLimit"/> (those are counted in <see cref="NotStarted"/>),
    /// so a slow server bounds the run instead of stretching it.
    /// </summary>
    public async Task<ChatClient?[]> ConnectAsync(
        int first,
        int count,
        int clientsPerConnection,
        int concurrency,
        Func<int, string> userIdOf,
        Func<ChatClient, CancellationToken, Task> setup,
        TimeSpan timeLimit,
        CancellationToken cancellationToken)
    {
        var stopStartingAt = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(timeLimit.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var channels = new GrpcChannel[(count + clientsPerConnection - 1) / clientsPerConnection];
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = CreateChannel(addresses[(first / clientsPerConnection + i) % addresses.Count]);
        }

        lock (_lock)
        {
            _channels.AddRange(channels);
        }

        var connected = new ChatClient?[count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (offset, ct) =>
        {
            var index = first + offset;
            if (System.Diagnostics.Stopwatch.GetTimestamp() >= stopStartingAt)
            {
                Interlocked.Increment(ref _notStarted);
                return;
            }

            ChatClient? client = null;
            try
            {
                var invoker = channels[offset / clientsPerConnection].CreateCallInvoker();
                client = await ChatClient.ConnectAsync(index, userIdOf(index), invoker, listener, OutboxCapacity, null, ControlTimeout, ct).ConfigureAwait(false);
                await setup(client, ct).ConfigureAwait(false);
                connected[offset] = client;
                lock (_lock)
                {
                    _clients.Add(client);
                }

                counters.OnConnected();
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failures);
                Interlocked.CompareExchange(ref _firstFailure, $"{userIdOf(index)}: {ex.GetType().Name}: {ex.Message}", null);
                if (client is not null)
                {
                    await client.DisposeAsync().ConfigureAwait(false);
                }
            }
        }).ConfigureAwait(false);
        return connected;
    }

    public async ValueTask DisposeAsync()
    {
        ChatClient[] clients;
        GrpcChannel[] channels;
        lock (_lock)
        {
            clients = [.. _clients];
            channels = [.. _channels];
            _clients.Clear();
            _channels.Clear();
        }

        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (client, _) =>
            await client.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var channel in channels)
        {
            channel.Dispose();
        }
    }

    /// <summary>
    /// A channel with its own handler, so its own HTTP/2 connection: a second one is opened only past the server's
    /// stream limit (Kestrel's default is 100 per connection; a group has at most 16 clients). Connections are kept
    /// however long they are idle, and never pinged: the runs are minutes long on loopback.
    /// </summary>
    private static GrpcChannel CreateChannel(Uri address) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = ControlTimeout,
            KeepAlivePingDelay = Timeout.InfiniteTimeSpan,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,

            // h2c with prior knowledge cannot go through an HTTP proxy; connect directly.
            UseProxy = false,
        },

        // The channel owns the handler: disposing the channel closes its connection.
        DisposeHttpClient = true,
    });
}
