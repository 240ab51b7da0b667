using System.Collections.Concurrent;
using OrleansChat.Gateway.Limits;
using OrleansChat.Gateway.Rooms;
using OrleansChat.Gateway.Services;
using OrleansChat.Grains;
using OrleansChat.Grains.Validation;
using Grpc.Core;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Gateway.Sessions;

/// <summary>
/// One chat.v1 client stream (Connect, or Subscribe for clients without duplex). Client frames are handled one at a
/// time, in order, by the request loop; everything sent goes through the session's <see cref="SessionOutbox"/>.
/// Rooms feed the session through the gateway's <see cref="RoomHub"/>. When the stream ends for any reason the
/// session leaves its rooms' feeds and tells each room it disconnected (the room announces LEAVE once).
/// </summary>
internal sealed class ChatSession : IRoomListener
{
    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(10);

    private readonly GatewayContext _gateway;
    private readonly ServerCallContext _call;
    private readonly SessionOutbox _outbox;
    private readonly ConcurrentDictionary<string, RoomAttachment> _rooms = new(StringComparer.Ordinal);
    private readonly TokenBucket _typingLimit;
    private Grains.UserProfile? _profile;

    private ChatSession(GatewayContext gateway, ServerCallContext call)
    {
        _gateway = gateway;
        _call = call;
        SessionId = Guid.NewGuid().ToString("N");
        _outbox = new SessionOutbox(gateway.Options, call, gateway.ShutdownToken, SessionId, gateway.SessionLogger);
        _typingLimit = new TokenBucket(TypingLimits.Burst, TypingLimits.PerSecond, gateway.Time);
    }

    public string SessionId { get; }

    public string UserId { get; private set; } = string.Empty;

    private CancellationToken Token => _outbox.Token;

    /// <summary>Runs a Connect stream to its end.</summary>
    public static async Task RunConnectAsync(
        GatewayContext gateway,
        IAsyncStreamReader<ClientFrame> requests,
        IServerStreamWriter<OutgoingFrame> responses,
        ServerCallContext call)
    {
        using var slot = AcquireStreamSlot(gateway, call);
        var session = new ChatSession(gateway, call);
        await session.RunAsync(responses, async () =>
        {
            while (await requests.MoveNext(session.Token).ConfigureAwait(false))
            {
                if (await session.HandleFrameAsync(requests.Current).ConfigureAwait(false) is { } fatal)
                {
                    return fatal;
                }
            }

            return null;
        }).ConfigureAwait(false);
    }

    /// <summary>Runs a Subscribe stream: joins the requested rooms and streams their events until the call ends.</summary>
    public static async Task RunSubscribeAsync(
        GatewayContext gateway,
        SubscribeRequest request,
        IServerStreamWriter<OutgoingFrame> responses,
        ServerCallContext call)
    {
        var identity = gateway.Identity.Resolve(call.RequestHeaders);
        if (identity.Refusal is { } refusal)
        {
            throw GatewayErrors.Create(refusal.StatusCode, refusal.Detail, identity.Field);
        }

        if (request.Rooms.Count > gateway.Options.MaxRoomsPerConnection)
        {
            throw GatewayErrors.Create(
                StatusCode.ResourceExhausted,
                "rooms holds " + request.Rooms.Count + " rooms; at most " + gateway.Options.MaxRoomsPerConnection + " are allowed per stream",
                "rooms");
        }

        using var slot = AcquireStreamSlot(gateway, call);
        var session = new ChatSession(gateway, call);
        await session.RunAsync(responses, async () =>
        {
            var heartbeat = gateway.Options.SubscribeHeartbeatInterval;
            await session.StartAsync(0, identity.UserId, string.Empty, string.Empty, heartbeat).ConfigureAwait(false);
            foreach (var join in request.Rooms)
            {
                await session.JoinAsync(0, join).ConfigureAwait(false);
            }

            // Without HTTP/2 pings (gRPC-Web on HTTP/1.1) a heartbeat is how the client tells a dead stream from a quiet room.
            using var beat = new PeriodicTimer(heartbeat, gateway.Time);
            while (await beat.WaitForNextTickAsync(session.Token).ConfigureAwait(false))
            {
                await session.SendAsync(new ServerFrame { Pong = new Pong { ServerTimeUnixMs = gateway.Time.GetUtcNow().ToUnixTimeMilliseconds() } }).ConfigureAwait(false);
            }

            return null;
        }).ConfigureAwait(false);
    }

    public void OnRoomItem(FeedItem item)
    {
        var streamItem = item.Item;
        switch (streamItem.KindCase)
        {
            case RoomStreamItem.KindOneofCase.Event
                when streamItem.Event.Kind == RoomEventKind.Text && streamItem.OriginSessionId == SessionId:
                // The sender's own session got an Ack instead.
                return;
            case RoomStreamItem.KindOneofCase.Typing when streamItem.Typing.UserId == UserId:
                return;
        }

        _outbox.Push(item.ChatFrame);
    }

    public void OnRoomLost(string roomId, RoomLossReason reason)
    {
        if (_rooms.TryRemove(roomId, out var attachment))
        {
            attachment.Dispose();
        }

        switch (reason)
        {
            case RoomLossReason.LeaseRejected:
                _outbox.Push(OutgoingFrame.From(new ServerFrame { Left = new Left { RoomId = roomId } }));
                break;
            case RoomLossReason.Overflow:
                _outbox.CutOff(new Status(StatusCode.ResourceExhausted, SessionOutbox.TooSlowMessage));
                break;
            default:
                _outbox.CutOff(new Status(StatusCode.Unavailable, "the events of room '" + roomId + "' were interrupted; reconnect and resume with resume_after_seq"));
                break;
        }
    }

    private static IDisposable AcquireStreamSlot(GatewayContext gateway, ServerCallContext call) =>
        gateway.StreamLimiter.TryAcquire(call.Peer)
        ?? throw GatewayErrors.Create(
            StatusCode.ResourceExhausted,
            "this connection already has " + gateway.Options.MaxStreamsPerConnection + " chat streams open");

    private Task RunAsync(IServerStreamWriter<OutgoingFrame> responses, Func<Task<Status?>> body) =>
        _outbox.RunSessionAsync(responses, body, async () =>
        {
            await LeaveAllRoomsAsync().ConfigureAwait(false);
            GatewayLog.SessionEnded(_gateway.SessionLogger, SessionId, UserId);
        });

    // Returns a status only when the frame must end the stream.
    private async Task<Status?> HandleFrameAsync(ClientFrame frame)
    {
        var requestId = frame.RequestId;
        if (frame.KindCase == ClientFrame.KindOneofCase.Hello)
        {
            return await HelloAsync(requestId, frame.Hello).ConfigureAwait(false);
        }

        if (frame.KindCase == ClientFrame.KindOneofCase.None)
        {
            await ErrorAsync(requestId, StatusCode.InvalidArgument, "the frame has no request (set one of hello, join, leave, send, typing, ping)", field: "kind").ConfigureAwait(false);
            return null;
        }

        if (UserId.Length == 0)
        {
            await ErrorAsync(requestId, StatusCode.FailedPrecondition, "send Hello before any other frame").ConfigureAwait(false);
            return null;
        }

        try
        {
            switch (frame.KindCase)
            {
                case ClientFrame.KindOneofCase.Join:
                    await JoinAsync(requestId, frame.Join).ConfigureAwait(false);
                    break;
                case ClientFrame.KindOneofCase.Leave:
                    await LeaveAsync(requestId, frame.Leave).ConfigureAwait(false);
                    break;
                case ClientFrame.KindOneofCase.Send:
                    await SendMessageAsync(requestId, frame.Send).ConfigureAwait(false);
                    break;
                case ClientFrame.KindOneofCase.Typing:
                    await TypingAsync(requestId, frame.Typing).ConfigureAwait(false);
                    break;
                case ClientFrame.KindOneofCase.Ping:
                    await SendAsync(new ServerFrame
                    {
                        RequestId = requestId,
                        Pong = new Pong { Nonce = frame.Ping.Nonce, ServerTimeUnixMs = _gateway.Time.GetUtcNow().ToUnixTimeMilliseconds() },
                    }).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException && GatewayErrors.FromGrainFailure(exception) is { } status)
        {
            GatewayLog.GrainCallFailed(_gateway.SessionLogger, SessionId, frame.KindCase.ToString(), exception);
            await ErrorAsync(requestId, status.StatusCode, status.Detail).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A bug or an unexpected failure: refuse this request without details, keep the session.
            GatewayLog.RequestFailed(_gateway.SessionLogger, SessionId, frame.KindCase.ToString(), exception);
            await ErrorAsync(requestId, StatusCode.Unknown, "the request failed").ConfigureAwait(false);
        }

        return null;
    }

    private async Task<Status?> HelloAsync(ulong requestId, Hello hello)
    {
        if (UserId.Length > 0)
        {
            await ErrorAsync(requestId, StatusCode.FailedPrecondition, "Hello was already sent on this stream").ConfigureAwait(false);
            return null;
        }

        var identity = _gateway.Identity.Resolve(hello.UserId, hello.Token, _call.RequestHeaders);
        if (identity.Refusal is { } refusal)
        {
            if (identity.IsFatal)
            {
                GatewayLog.HelloRefused(_gateway.SessionLogger, refusal.StatusCode, refusal.Detail);
                return refusal;
            }

            await ErrorAsync(requestId, refusal.StatusCode, refusal.Detail, field: identity.Field).ConfigureAwait(false);
            return null;
        }

        if (hello.DisplayName.Length > 0 && ChatValidation.CheckDisplayName(hello.DisplayName) is { } nameProblem)
        {
            await ErrorAsync(requestId, StatusCode.InvalidArgument, "display_name " + nameProblem, field: "display_name").ConfigureAwait(false);
            return null;
        }

        if (ChatValidation.CheckAvatar(hello.Avatar) is { } avatarProblem)
        {
            await ErrorAsync(requestId, StatusCode.InvalidArgument, "avatar " + avatarProblem, field: "avatar").ConfigureAwait(false);
            return null;
        }

        await StartAsync(requestId, identity.UserId, hello.DisplayName, hello.Avatar, heartbeat: TimeSpan.Zero).ConfigureAwait(false);
        return null;
    }

    private async Task StartAsync(ulong requestId, string userId, string displayName, string avatar, TimeSpan heartbeat)
    {
        _profile = await _gateway.User(userId).Hello(new HelloRequest { DisplayName = displayName, Avatar = avatar }).ConfigureAwait(false);
        UserId = userId;
        GatewayLog.SessionStarted(_gateway.SessionLogger, SessionId, userId, _call.Peer);
        await SendAsync(new ServerFrame
        {
            RequestId = requestId,
            Welcome = new Welcome
            {
                UserId = userId,
                SessionId = SessionId,
                Profile = ProtoMapping.ToProfile(_profile),
                ServerVersion = _gateway.Options.ServerVersion,
                MaxMessageBytes = (uint)_gateway.Options.MaxMessageBytes,
                HistoryDepth = (uint)_gateway.RoomOptions.HistoryDepth,
                HeartbeatIntervalMs = (uint)heartbeat.TotalMilliseconds,
            },
        }).ConfigureAwait(false);
    }

    private async Task JoinAsync(ulong requestId, JoinRoom join)
    {
        var roomId = join.RoomId;
        if (ChatValidation.CheckRoomId(roomId) is { } problem)
        {
            await ErrorAsync(requestId, StatusCode.InvalidArgument, "room_id " + problem, roomId, "room_id").ConfigureAwait(false);
            return;
        }

        if (join.HasResumeAfterSeq && join.ResumeAfterSeq < 0)
        {
            await ErrorAsync(requestId, StatusCode.InvalidArgument, "resume_after_seq must not be negative", roomId, "resume_after_seq").ConfigureAwait(false);
            return;
        }

        if (_rooms.ContainsKey(roomId))
        {
            await ErrorAsync(requestId, StatusCode.AlreadyExists, "this stream is already in room '" + roomId + "'", roomId, "room_id").ConfigureAwait(false);
            return;
        }

        if (_rooms.Count >= _gateway.Options.MaxRoomsPerConnection)
        {
            await ErrorAsync(requestId, StatusCode.ResourceExhausted, "a stream may be in at most " + _gateway.Options.MaxRoomsPerConnection + " rooms", roomId, "room_id").ConfigureAwait(false);
            return;
        }

        // Subscribe first, then join: every event after the Join's last seq reaches this session.
        var attachment = await _gateway.Hub.AttachAsync(roomId, this, Token).ConfigureAwait(false);
        JoinResult result;
        try
        {
            // The profile may have changed since Hello (UpdateProfile is a separate call): the user grain is the truth.
            _profile = await _gateway.User(UserId).GetProfile().ConfigureAwait(false);
            var request = new JoinRequest
            {
                UserId = UserId,
                SessionId = SessionId,
                GatewayId = _gateway.Gateway.Id,
                DisplayName = _profile?.DisplayName ?? UserId,
                Avatar = _profile?.Avatar ?? string.Empty,
                HistoryLimit = join.HistoryLimit,
            };
            if (join.HasResumeAfterSeq)
            {
                request.ResumeAfterSeq = join.ResumeAfterSeq;
            }

            result = await _gateway.Room(roomId).Join(request).ConfigureAwait(false);
        }
        catch
        {
            attachment.Dispose();
            await DisconnectAsync(roomId).ConfigureAwait(false);
            throw;
        }

        if (result.Error != RoomError.None)
        {
            attachment.Dispose();
            await ErrorAsync(requestId, GatewayErrors.ToStatusCode(result.Error), GatewayErrors.Describe(result.Error, roomId), roomId, "room_id").ConfigureAwait(false);
            return;
        }

        _rooms[roomId] = attachment;
        if (result.BecameMember)
        {
            await RecordMembershipAsync(roomId, member: true).ConfigureAwait(false);
        }

        var joined = new Joined { RoomId = roomId, Recovered = result.Recovered, LastSeq = result.LastSeq };
        joined.Members.AddRange(result.Members.Select(ProtoMapping.ToMember));
        joined.History.AddRange(result.History.Select(ProtoMapping.ToChatEvent));
        await SendAsync(new ServerFrame { RequestId = requestId, Joined = joined }).ConfigureAwait(false);
        if (!attachment.Activate(result.LastSeq))
        {
            _rooms.TryRemove(roomId, out _);
            attachment.Dispose();
        }
    }

    private async Task LeaveAsync(ulong requestId, LeaveRoom leave)
    {
        var roomId = leave.RoomId;
        if (ChatValidation.CheckRoomId(roomId) is { } problem)
        {
            await ErrorAsync(requestId, StatusCode.InvalidArgument, "room_id " + problem, roomId, "room_id").ConfigureAwait(false);
            return;
        }

        var wasJoined = _rooms.TryRemove(roomId, out var attachment);
        attachment?.Dispose();
        var result = await _gateway.Room(roomId).Leave(new LeaveRequest { UserId = UserId, SessionId = SessionId }).ConfigureAwait(false);
        if (result.Error != RoomError.None && !wasJoined)
        {
            await ErrorAsync(requestId, StatusCode.FailedPrecondition, "not a member of room '" + roomId + "'", roomId, "room_id").ConfigureAwait(false);
            return;
        }

        if (result.MembershipRemoved)
        {
            await RecordMembershipAsync(roomId, member: false).ConfigureAwait(false);
        }

        await SendAsync(new ServerFrame { RequestId = requestId, Left = new Left { RoomId = roomId } }).ConfigureAwait(false);
    }

    private async Task SendMessageAsync(ulong requestId, SendMessage send)
    {
        var roomId = send.RoomId;
        if (ChatValidation.CheckRoomId(roomId) is { } roomProblem)
        {
            await ErrorAsync(requestId, StatusCode.InvalidArgument, "room_id " + roomProblem, roomId, "room_id").ConfigureAwait(false);
            return;
        }

        if (!_rooms.ContainsKey(roomId))
        {
            await ErrorAsync(requestId, StatusCode.FailedPrecondition, "join room '" + roomId + "' before sending to it", roomId, "room_id").ConfigureAwait(false);
            return;
        }

        if (MessageCheck.Of(send.Text, send.ClientMessageId, _gateway.Options.MaxMessageBytes) is { } problem)
        {
            await ErrorAsync(requestId, StatusCode.InvalidArgument, problem.ToString(), roomId, problem.Field).ConfigureAwait(false);
            return;
        }

        if (!_gateway.RateLimiter.TryAcquire(UserId))
        {
            await ErrorAsync(requestId, StatusCode.ResourceExhausted, "rate limit exceeded: at most " + _gateway.Options.MessagesPerSecond + " messages per second", roomId).ConfigureAwait(false);
            return;
        }

        var result = await _gateway.Room(roomId).Post(new PostRequest
        {
            SenderId = UserId,
            SessionId = SessionId,
            ClientMessageId = send.ClientMessageId,
            Text = send.Text,
        }).ConfigureAwait(false);
        if (result.Error != RoomError.None)
        {
            await ErrorAsync(requestId, GatewayErrors.ToStatusCode(result.Error), GatewayErrors.Describe(result.Error, roomId, result.Field), roomId, result.Field).ConfigureAwait(false);
            return;
        }

        await SendAsync(new ServerFrame
        {
            RequestId = requestId,
            Ack = ProtoMapping.ToAck(roomId, send.ClientMessageId, result),
        }).ConfigureAwait(false);
    }

    private async Task TypingAsync(ulong requestId, Typing typing)
    {
        var roomId = typing.RoomId;
        if (!_rooms.ContainsKey(roomId))
        {
            await ErrorAsync(requestId, StatusCode.FailedPrecondition, "join room '" + roomId + "' before typing in it", roomId, "room_id").ConfigureAwait(false);
            return;
        }

        // Typing notices are best effort: beyond a few per second they are dropped.
        if (_typingLimit.TryTake())
        {
            await _gateway.Room(roomId).Typing(new TypingRequest { UserId = UserId, SessionId = SessionId, Typing = typing.Typing_ }).ConfigureAwait(false);
        }
    }

    // The user's room list (for ListRooms and profile pushes); the room's membership is what counts, so a failure
    // here is logged rather than failing the join or leave.
    private async Task RecordMembershipAsync(string roomId, bool member)
    {
        try
        {
            var user = _gateway.User(UserId);
            await (member ? user.AddRoom(roomId) : user.RemoveRoom(roomId)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            GatewayLog.RoomListUpdateFailed(_gateway.SessionLogger, UserId, roomId, exception);
        }
    }

    private async Task LeaveAllRoomsAsync()
    {
        var rooms = _rooms.Keys.ToArray();
        foreach (var roomId in rooms)
        {
            if (_rooms.TryRemove(roomId, out var attachment))
            {
                attachment.Dispose();
            }
        }

        await Task.WhenAll(rooms.Select(DisconnectAsync)).ConfigureAwait(false);
    }

    // Tells the room this session is gone. Failures are logged: the session's lease then runs out instead.
    private async Task DisconnectAsync(string roomId)
    {
        try
        {
            await _gateway.Room(roomId)
                .Disconnect(new DisconnectRequest { UserId = UserId, SessionId = SessionId })
                .WaitAsync(DisconnectTimeout)
                .ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            GatewayLog.DisconnectFailed(_gateway.SessionLogger, SessionId, roomId, exception);
        }
    }

    private ValueTask SendAsync(ServerFrame frame) => _outbox.SendAsync(OutgoingFrame.From(frame));

    private ValueTask ErrorAsync(ulong requestId, StatusCode code, string message, string roomId = "", string field = "") =>
        SendAsync(new ServerFrame
        {
            RequestId = requestId,
            Error = new Error { Code = (int)code, Message = message, RoomId = roomId, Field = field },
        });
}
