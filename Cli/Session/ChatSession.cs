using OrleansChat.Cli.Connection;
using OrleansChat.Cli.Output;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Session;

/// <summary>The client side of a chat session: one <c>Connect</c> stream at a time, the rooms joined with the
/// last seq seen in each, and the messages not yet acknowledged. When the stream breaks it reconnects with
/// backoff, resumes every room after its last seq (dropping events already seen, so no gap and no duplicate)
/// and re-sends unacknowledged messages with their original client message ids (the server stores each once).
/// Messages go one at a time (the next when the previous is acknowledged), so a message the server turns away
/// for now (rate limit, overload) is retried before any later one and the room sees them in the order typed.
/// State is guarded by one lock and never touched while awaiting; output is written outside the lock.</summary>
internal sealed partial class ChatSession : IAsyncDisposable
{
    public const int MaxPendingSends = 1000;
    public const int MaxRooms = 100;
    public const int RememberedOwnIds = 4096;

    /// <summary>Enough for every room's join, every pending send and a few control frames, so a new
    /// connection can be filled under the lock without waiting.</summary>
    private const int OutboxCapacity = MaxPendingSends + (2 * MaxRooms) + 64;

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SendRetryInitial = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SendRetryMax = TimeSpan.FromSeconds(5);

    private readonly IChatTransport _transport;
    private readonly ServerAddress _address;
    private readonly IOutputSink _output;
    private readonly ReconnectBackoff _backoff;
    private readonly ReconnectBackoff _sendRetryBackoff;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RoomCursor> _rooms = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leavesToSend = new(StringComparer.Ordinal);
    private readonly PendingSends _pending = new();
    private readonly SemaphoreSlim _pendingSlots = new(MaxPendingSends, MaxPendingSends);
    private readonly RecentIds _ownMessageIds = new(RememberedOwnIds);
    private readonly Dictionary<ulong, InFlight> _inFlight = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<string?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SessionIdentity _identity;
    private SessionConnection? _connection;
    private TaskCompletionSource? _allAcknowledged;

    /// <summary>The send written on the current connection and not answered yet (at most one).</summary>
    private PendingSend? _transmitted;

    /// <summary>True while waiting to retry a send the server turned away for now.</summary>
    private bool _sendsPaused;
    private Task _supervisor = Task.CompletedTask;
    private ulong _lastRequestId;
    private long _roomOrder;
    private int _refusedSends;
    private volatile bool _stopRequested;

    public ChatSession(IChatTransport transport, ServerAddress address, SessionIdentity identity, IOutputSink output, ReconnectBackoff? backoff = null)
    {
        _transport = transport;
        _address = address;
        _identity = identity;
        _output = output;
        _backoff = backoff ?? new ReconnectBackoff();
        _sendRetryBackoff = new ReconnectBackoff(SendRetryInitial, SendRetryMax, Random.Shared);
    }

    /// <summary>Waiting for Joined, Left or a handshake answer gives up after this long.</summary>
    public TimeSpan RequestTimeout { get; init; } = DefaultRequestTimeout;

    /// <summary>How many recent messages a fresh join asks for (0 = the server's default).</summary>
    public uint HistoryLimit { get; init; }

    public string UserId => _identity.UserId;

    public Welcome? Welcome { get; private set; }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connection is not null;
            }
        }
    }

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Messages the server refused (an Error answered them); they will not be retried.</summary>
    public int RefusedSends => Volatile.Read(ref _refusedSends);

    /// <summary>Completes when the session has ended: with null after <see cref="StopAsync"/>, or with the reason
    /// when the server refused it for good (e.g. bad credentials on a reconnect).</summary>
    public Task<string?> Ended => _ended.Task;

    public IReadOnlyList<string> Rooms
    {
        get
        {
            lock (_gate)
            {
                return _rooms.Values.OrderBy(r => r.Order).Select(r => r.RoomId).ToList();
            }
        }
    }

    public long? LastSeq(string roomId)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(roomId, out var cursor) ? cursor.LastSeq : null;
        }
    }

    /// <summary>Opens the first stream (Hello → Welcome). Not retried: a refusal here is the user's to fix.</summary>
    /// <exception cref="SessionException">The server cannot be reached or refused the session.</exception>
    public async Task<Welcome> ConnectAsync(CancellationToken cancellationToken)
    {
        SessionConnection connection;
        Welcome welcome;
        try
        {
            (connection, welcome) = await OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new SessionException(Describe(exception), exception);
        }

        Activate(connection, welcome);
        await _output.WriteAsync(new ConnectedEvent(welcome, _address.Display, IsReconnect: false), cancellationToken).ConfigureAwait(false);
        _supervisor = SuperviseAsync(connection);
        return welcome;
    }

    /// <summary>Joins a room (or confirms it is already joined). When disconnected, the room is joined on reconnect.</summary>
    public async Task<JoinResult> JoinAsync(string roomId, CancellationToken cancellationToken)
    {
        InFlight request;
        lock (_gate)
        {
            if (_rooms.ContainsKey(roomId))
            {
                // Joined, or being resumed on the current connection, or joined when the session is back.
                return new JoinResult(_connection is null ? JoinStatus.Deferred : JoinStatus.AlreadyJoined);
            }

            if (_rooms.Count >= MaxRooms)
            {
                return new JoinResult(JoinStatus.Refused, Error: new Error { Code = 8, Message = $"at most {MaxRooms} rooms per session", RoomId = roomId });
            }

            var cursor = new RoomCursor(roomId, ++_roomOrder);
            _rooms.Add(roomId, cursor);
            _leavesToSend.Remove(roomId);
            if (_connection is null)
            {
                return new JoinResult(JoinStatus.Deferred);
            }

            request = Track(RequestKind.Join, roomId, waiter: true);
            Enqueue(_connection, JoinFrame(request.Id, cursor));
        }

        var answer = await WaitAsync(request, cancellationToken).ConfigureAwait(false);
        switch (answer?.KindCase)
        {
            case ServerFrame.KindOneofCase.Joined:
                return new JoinResult(JoinStatus.Joined, answer.Joined);
            case ServerFrame.KindOneofCase.Error:
                lock (_gate)
                {
                    if (_rooms.TryGetValue(roomId, out var cursor) && !cursor.Joined)
                    {
                        _rooms.Remove(roomId);
                    }
                }

                return new JoinResult(JoinStatus.Refused, Error: answer.Error);
            default:
                // The connection went away (or the answer is late): the room stays on the list and is
                // joined when the session is back.
                return new JoinResult(JoinStatus.Deferred);
        }
    }

    /// <summary>Leaves a room. Null on success (or when disconnected: it is left on reconnect), else the server's error.</summary>
    public async Task<Error?> LeaveAsync(string roomId, CancellationToken cancellationToken)
    {
        InFlight request;
        lock (_gate)
        {
            _rooms.Remove(roomId);
            if (_connection is null)
            {
                if (_leavesToSend.Count < MaxRooms)
                {
                    _leavesToSend.Add(roomId);
                }

                return null;
            }

            request = Track(RequestKind.Leave, roomId, waiter: true);
            Enqueue(_connection, new ClientFrame { RequestId = request.Id, Leave = new LeaveRoom { RoomId = roomId } });
        }

        var answer = await WaitAsync(request, cancellationToken).ConfigureAwait(false);
        return answer?.Error;
    }

    /// <summary>Queues a message; it is written now if connected, else on reconnect. Waits only when
    /// <see cref="MaxPendingSends"/> messages are already unacknowledged.</summary>
    public async Task<PendingSend> SendAsync(string roomId, string text, CancellationToken cancellationToken, string? clientMessageId = null)
    {
        await _pendingSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var send = new PendingSend(roomId, clientMessageId ?? Guid.NewGuid().ToString("N"), text);
        lock (_gate)
        {
            _pending.Add(send);
            _ownMessageIds.Add(send.ClientMessageId);
            TransmitNext();
        }

        return send;
    }

    /// <summary>Completes when no message is waiting for its ack.</summary>
    public async Task WaitAllAcknowledgedAsync(CancellationToken cancellationToken)
    {
        Task signal;
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            _allAcknowledged ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            signal = _allAcknowledged.Task;
        }

        await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the next Hello says (after /nick or /avatar).</summary>
    public void UpdateIdentity(string? displayName, string? avatar)
    {
        lock (_gate)
        {
            _identity = _identity with
            {
                DisplayName = displayName ?? _identity.DisplayName,
                Avatar = avatar ?? _identity.Avatar,
            };
        }
    }

    /// <summary>Ends the session: sends what is queued, half-closes the stream and waits briefly for the server
    /// to end it. Messages still unacknowledged are abandoned.</summary>
    public async Task StopAsync()
    {
        _stopRequested = true;
        SessionConnection? connection;
        lock (_gate)
        {
            connection = _connection;
        }

        if (connection is not null)
        {
            await connection.CompleteAsync(StopTimeout).ConfigureAwait(false);
            await Task.WhenAny(_supervisor, Task.Delay(StopTimeout)).ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        connection?.Abort();
        try
        {
            await _supervisor.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        List<PendingSend> abandoned;
        lock (_gate)
        {
            abandoned = _pending.RemoveAll();
            _connection = null;
        }

        foreach (var send in abandoned)
        {
            send.Complete(SendOutcome.Abandoned);
        }

        _ended.TrySetResult(null);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_ended.Task.IsCompleted)
        {
            await StopAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        _pendingSlots.Dispose();
    }
}
