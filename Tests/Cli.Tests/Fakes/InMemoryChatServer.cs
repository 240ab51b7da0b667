using OrleansChat.Cli.Connection;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>A small chat server in memory that keeps chat.proto's promises: per-room seq, history with resume
/// (recovered), idempotent sends by client message id, ack to the sender and events to the other sessions.
/// <see cref="Crash"/> drops every stream; <see cref="Down"/> refuses connections.</summary>
internal sealed class InMemoryChatServer : IChatTransport
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly List<Session> _sessions = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>While true, connects fail as a refused connection does.</summary>
    public bool Down { get; set; }

    /// <summary>While true, sends are stored but not acknowledged (an ack lost on the way).</summary>
    public bool DropAcks { get; set; }

    public string CallerId { get; init; } = "alice";

    public int Connects { get; private set; }

    public IReadOnlyList<ChatEvent> Events(string roomId)
    {
        lock (_gate)
        {
            return _rooms.TryGetValue(roomId, out var room) ? room.Events.ToList() : [];
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds; it is checked after every stored event.</summary>
    public async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            await changed.WaitAsync(timeout.Token);
        }
    }

    /// <summary>Another user says something in a room (delivered live to the sessions in it).</summary>
    public void Say(string roomId, string userId, string text)
    {
        lock (_gate)
        {
            Append(GetRoom(roomId), userId, text, clientMessageId: string.Empty, except: null);
        }
    }

    /// <summary>Drops every open stream as a crashed server does.</summary>
    public void Crash()
    {
        List<Session> sessions;
        lock (_gate)
        {
            sessions = _sessions.ToList();
            _sessions.Clear();
        }

        foreach (var session in sessions)
        {
            session.Stream.Break(GrpcFailures.ConnectionLost());
        }
    }

    public IChatStream Connect(CancellationToken cancellationToken)
    {
        Connects++;
        var stream = new FakeChatStream();
        if (Down)
        {
            stream.Break(GrpcFailures.ConnectionRefused());
            return stream;
        }

        _ = ServeAsync(stream);
        return stream;
    }

    public Task<BatchResult> SendBatchAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var result = new BatchResult();
            foreach (var message in messages)
            {
                var (seq, _) = Store(GetRoom(message.RoomId), CallerId, message.Text, message.ClientMessageId, except: null);
                result.FirstSeq = result.Count == 0 ? seq : result.FirstSeq;
                result.LastSeq = seq;
                result.Count++;
            }

            return Task.FromResult(result);
        }
    }

    public Task<GetHistoryResponse> GetHistoryAsync(GetHistoryRequest request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var room = GetRoom(request.RoomId);
            var response = new GetHistoryResponse { RoomId = request.RoomId, LastSeq = room.LastSeq };
            response.Events.AddRange(room.Events.TakeLast(request.Limit == 0 ? 50 : (int)request.Limit));
            return Task.FromResult(response);
        }
    }

    public Task<ListRoomsResponse> ListRoomsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var response = new ListRoomsResponse();
            response.Rooms.AddRange(_rooms.Values.Select(r => new RoomSummary { RoomId = r.Id, MemberCount = 1, OnlineCount = 1, LastSeq = r.LastSeq }));
            return Task.FromResult(response);
        }
    }

    public Task<ListMembersResponse> ListMembersAsync(string roomId, CancellationToken cancellationToken)
    {
        var response = new ListMembersResponse { RoomId = roomId };
        response.Members.Add(new Member { UserId = CallerId, Online = true });
        return Task.FromResult(response);
    }

    public Task<Profile> UpdateProfileAsync(UpdateProfileRequest request, CancellationToken cancellationToken)
        => Task.FromResult(new Profile { UserId = CallerId, DisplayName = request.HasDisplayName ? request.DisplayName : CallerId, Avatar = request.HasAvatar ? request.Avatar : string.Empty });

    /// <summary>The app disposes its transport when it exits; the server lives on for the test to inspect.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task ServeAsync(FakeChatStream stream)
    {
        var session = new Session(stream);
        while (await stream.ReadFromClientAsync(CancellationToken.None) is { } frame)
        {
            lock (_gate)
            {
                Handle(session, frame);
            }
        }

        lock (_gate)
        {
            _sessions.Remove(session);
        }

        stream.End();
    }

    private void Handle(Session session, ClientFrame frame)
    {
        switch (frame.KindCase)
        {
            case ClientFrame.KindOneofCase.Hello:
                session.UserId = frame.Hello.UserId;
                _sessions.Add(session);
                session.Stream.Send(new ServerFrame { RequestId = frame.RequestId, Welcome = new Welcome { UserId = session.UserId, SessionId = Guid.NewGuid().ToString("N"), ServerVersion = "in-memory", MaxMessageBytes = 4096, HistoryDepth = 50 } });
                break;
            case ClientFrame.KindOneofCase.Join:
                var room = GetRoom(frame.Join.RoomId);
                session.Rooms.Add(room.Id);
                var joined = new Joined { RoomId = room.Id, LastSeq = room.LastSeq, Recovered = frame.Join.HasResumeAfterSeq };
                joined.History.AddRange(frame.Join.HasResumeAfterSeq ? room.Events.Where(e => e.Seq > frame.Join.ResumeAfterSeq) : room.Events.TakeLast(50));
                joined.Members.Add(new Member { UserId = session.UserId, Online = true });
                session.Stream.Send(new ServerFrame { RequestId = frame.RequestId, Joined = joined });
                break;
            case ClientFrame.KindOneofCase.Leave:
                session.Rooms.Remove(frame.Leave.RoomId);
                session.Stream.Send(new ServerFrame { RequestId = frame.RequestId, Left = new Left { RoomId = frame.Leave.RoomId } });
                break;
            case ClientFrame.KindOneofCase.Send:
                if (!session.Rooms.Contains(frame.Send.RoomId))
                {
                    session.Stream.Send(Frames.Error(frame.RequestId, 9, $"join #{frame.Send.RoomId} first", frame.Send.RoomId));
                    break;
                }

                var (seq, duplicate) = Store(GetRoom(frame.Send.RoomId), session.UserId, frame.Send.Text, frame.Send.ClientMessageId, except: session);
                if (!DropAcks)
                {
                    session.Stream.Send(Frames.Ack(frame.RequestId, frame.Send.RoomId, frame.Send.ClientMessageId, seq, duplicate));
                }

                break;
        }
    }

    private (long Seq, bool Duplicate) Store(Room room, string userId, string text, string clientMessageId, Session? except)
    {
        if (room.Sent.TryGetValue((userId, clientMessageId), out var existing))
        {
            return (existing, true);
        }

        var seq = Append(room, userId, text, clientMessageId, except);
        room.Sent[(userId, clientMessageId)] = seq;
        return (seq, false);
    }

    private long Append(Room room, string userId, string text, string clientMessageId, Session? except)
    {
        var chatEvent = Frames.Text(room.Id, ++room.LastSeq, userId, text, clientMessageId);
        room.Events.Add(chatEvent);
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var session in _sessions.Where(s => s != except && s.Rooms.Contains(room.Id)))
        {
            session.Stream.Send(Frames.Event(chatEvent));
        }

        return chatEvent.Seq;
    }

    private Room GetRoom(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var room))
        {
            room = new Room(roomId);
            _rooms.Add(roomId, room);
        }

        return room;
    }

    private sealed class Room(string id)
    {
        public string Id { get; } = id;

        public long LastSeq { get; set; }

        public List<ChatEvent> Events { get; } = [];

        public Dictionary<(string User, string ClientMessageId), long> Sent { get; } = [];
    }

    private sealed class Session(FakeChatStream stream)
    {
        public FakeChatStream Stream { get; } = stream;

        public string UserId { get; set; } = string.Empty;

        public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);
    }
}
