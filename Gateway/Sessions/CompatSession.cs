using OrleansChat.Gateway.Rooms;
using OrleansChat.Gateway.Services;
using OrleansChat.Grains;
using OrleansChat.Grains.Validation;
using Grpc.Core;
using OrleansChat.Protocol.Compat;

namespace OrleansChat.Gateway.Sessions;

/// <summary>
/// One stream of the seed app's <c>chat.ChatService/JoinChat</c>, served by the same rooms as chat.v1. The first
/// message is a JOIN naming user_id, username and room_id; the server answers with the room's recent TEXT messages
/// (oldest first), then live TEXT / JOIN / LEAVE / SYSTEM messages. TEXT from the client is stored and broadcast to
/// the room's other streams; like chat.v1 (where the sender gets an Ack) it is not echoed to the stream that sent
/// it. A LEAVE leaves the room for good and ends the stream; the end of the stream is a disconnect.
/// </summary>
internal sealed class CompatSession : IRoomListener
{
    private const string ServerName = "server";

    private static readonly TimeSpan DisconnectTimeout = TimeSpan.FromSeconds(10);

    private readonly GatewayContext _gateway;
    private readonly ServerCallContext _call;
    private readonly SessionOutbox _outbox;
    private RoomAttachment? _attachment;
    private string _roomId = string.Empty;

    private CompatSession(GatewayContext gateway, ServerCallContext call)
    {
        _gateway = gateway;
        _call = call;
        SessionId = Guid.NewGuid().ToString("N");
        _outbox = new SessionOutbox(gateway.Options, call, gateway.ShutdownToken, SessionId, gateway.SessionLogger);
    }

    public string SessionId { get; }

    public string UserId { get; private set; } = string.Empty;

    private CancellationToken Token => _outbox.Token;

    public static async Task RunAsync(
        GatewayContext gateway,
        IAsyncStreamReader<ChatMessage> requests,
        IServerStreamWriter<OutgoingFrame> responses,
        ServerCallContext call)
    {
        using var slot = gateway.StreamLimiter.TryAcquire(call.Peer)
            ?? throw GatewayErrors.Create(StatusCode.ResourceExhausted, "this connection already has " + gateway.Options.MaxStreamsPerConnection + " chat streams open");
        var session = new CompatSession(gateway, call);
        await session.RunAsync(requests, responses).ConfigureAwait(false);
    }

    public void OnRoomItem(FeedItem item)
    {
        if (item.Item.KindCase != RoomStreamItem.KindOneofCase.Event
            || (item.Item.Event.Kind == RoomEventKind.Text && item.Item.OriginSessionId == SessionId))
        {
            return;
        }

        if (item.CompatFrame is { } frame)
        {
            _outbox.Push(frame);
        }
    }

    public void OnRoomLost(string roomId, RoomLossReason reason)
    {
        Interlocked.Exchange(ref _attachment, null)?.Dispose();
        _outbox.CutOff(reason switch
        {
            RoomLossReason.Overflow => new Status(StatusCode.ResourceExhausted, SessionOutbox.TooSlowMessage),
            RoomLossReason.LeaseRejected => new Status(StatusCode.Aborted, "you are no longer in room '" + roomId + "'; join again"),
            _ => new Status(StatusCode.Unavailable, "the events of room '" + roomId + "' were interrupted; join again"),
        });
    }

    private Task RunAsync(IAsyncStreamReader<ChatMessage> requests, IServerStreamWriter<OutgoingFrame> responses) =>
        _outbox.RunSessionAsync(responses, () => ServeAsync(requests), async () =>
        {
            if (Interlocked.Exchange(ref _attachment, null) is { } attachment)
            {
                attachment.Dispose();
                await DisconnectAsync().ConfigureAwait(false);
            }

            GatewayLog.SessionEnded(_gateway.SessionLogger, SessionId, UserId);
        });

    // The JOIN, then TEXT until LEAVE or the end of the stream.
    private async Task<Status?> ServeAsync(IAsyncStreamReader<ChatMessage> requests)
    {
        if (!await requests.MoveNext(Token).ConfigureAwait(false))
        {
            return null;
        }

        if (await JoinAsync(requests.Current).ConfigureAwait(false) is { } fatal)
        {
            return fatal;
        }

        while (await requests.MoveNext(Token).ConfigureAwait(false))
        {
            var message = requests.Current;
            switch (message.Type)
            {
                case MessageType.Text:
                    await PostAsync(message).ConfigureAwait(false);
                    break;
                case MessageType.Leave:
                    await LeaveAsync().ConfigureAwait(false);
                    return null;
                case MessageType.Join when message.RoomId.Length > 0 && message.RoomId != _roomId:
                    await NoticeAsync("this stream is in room '" + _roomId + "'; open another stream to join '" + message.RoomId + "'").ConfigureAwait(false);
                    break;
            }
        }

        return null;
    }

    private async Task<Status?> JoinAsync(ChatMessage join)
    {
        if (join.Type != MessageType.Join)
        {
            return new Status(StatusCode.FailedPrecondition, "the first message must be a JOIN naming user_id and room_id");
        }

        var identity = _gateway.Identity.Resolve(join.UserId, string.Empty, _call.RequestHeaders);
        if (identity.Refusal is { } refusal)
        {
            GatewayLog.HelloRefused(_gateway.SessionLogger, refusal.StatusCode, refusal.Detail);
            return refusal;
        }

        if (ChatValidation.CheckRoomId(join.RoomId) is { } roomProblem)
        {
            return new Status(StatusCode.InvalidArgument, "room_id " + roomProblem);
        }

        // The seed app accepted any username: an unusable one falls back to the stored name or the user id.
        var displayName = ChatValidation.CheckDisplayName(join.Username) is null ? join.Username : string.Empty;
        UserId = identity.UserId;
        _roomId = join.RoomId;
        try
        {
            var profile = await _gateway.User(UserId).Hello(new HelloRequest { DisplayName = displayName }).ConfigureAwait(false);
            GatewayLog.SessionStarted(_gateway.SessionLogger, SessionId, UserId, _call.Peer);

            var attachment = await _gateway.Hub.AttachAsync(_roomId, this, Token).ConfigureAwait(false);
            JoinResult result;
            try
            {
                result = await _gateway.Room(_roomId).Join(new JoinRequest
                {
                    UserId = UserId,
                    SessionId = SessionId,
                    GatewayId = _gateway.Gateway.Id,
                    DisplayName = profile.DisplayName,
                    Avatar = profile.Avatar,
                }).ConfigureAwait(false);
            }
            catch
            {
                attachment.Dispose();
                await DisconnectAsync().ConfigureAwait(false);
                throw;
            }

            if (result.Error != RoomError.None)
            {
                attachment.Dispose();
                return new Status(GatewayErrors.ToStatusCode(result.Error), GatewayErrors.Describe(result.Error, _roomId));
            }

            _attachment = attachment;
            if (result.BecameMember)
            {
                await _gateway.User(UserId).AddRoom(_roomId).ConfigureAwait(false);
            }

            foreach (var roomEvent in result.History)
            {
                if (roomEvent.Kind == RoomEventKind.Text)
                {
                    await _outbox.SendAsync(OutgoingFrame.From(ProtoMapping.ToCompatMessage(roomEvent))).ConfigureAwait(false);
                }
            }

            attachment.Activate(result.LastSeq);
            return null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && GatewayErrors.FromGrainFailure(exception) is { } status)
        {
            GatewayLog.GrainCallFailed(_gateway.SessionLogger, SessionId, "JoinChat", exception);
            return status;
        }
    }

    private async Task PostAsync(ChatMessage message)
    {
        if (ChatValidation.CheckText(message.Message, _gateway.Options.MaxMessageBytes) is { } problem)
        {
            await NoticeAsync("message not sent: message " + problem).ConfigureAwait(false);
            return;
        }

        if (!_gateway.RateLimiter.TryAcquire(UserId))
        {
            await NoticeAsync("message not sent: rate limit exceeded, at most " + _gateway.Options.MessagesPerSecond + " messages per second").ConfigureAwait(false);
            return;
        }

        try
        {
            var result = await _gateway.Room(_roomId).Post(new PostRequest
            {
                SenderId = UserId,
                SessionId = SessionId,
                Text = message.Message,
            }).ConfigureAwait(false);
            if (result.Error != RoomError.None)
            {
                await NoticeAsync("message not sent: " + GatewayErrors.Describe(result.Error, _roomId, result.Field)).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException && GatewayErrors.FromGrainFailure(exception) is { } status)
        {
            GatewayLog.GrainCallFailed(_gateway.SessionLogger, SessionId, "JoinChat TEXT", exception);
            await NoticeAsync("message not sent: " + status.Detail).ConfigureAwait(false);
        }
    }

    private async Task LeaveAsync()
    {
        if (Interlocked.Exchange(ref _attachment, null) is not { } attachment)
        {
            return;
        }

        attachment.Dispose();
        var result = await _gateway.Room(_roomId).Leave(new LeaveRequest { UserId = UserId, SessionId = SessionId }).ConfigureAwait(false);
        if (result.MembershipRemoved)
        {
            await _gateway.User(UserId).RemoveRoom(_roomId).ConfigureAwait(false);
        }
    }

    private async Task DisconnectAsync()
    {
        try
        {
            await _gateway.Room(_roomId)
                .Disconnect(new DisconnectRequest { UserId = UserId, SessionId = SessionId })
                .WaitAsync(DisconnectTimeout)
                .ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            GatewayLog.DisconnectFailed(_gateway.SessionLogger, SessionId, _roomId, exception);
        }
    }

    // A SYSTEM message to this stream only.
    private ValueTask NoticeAsync(string text) =>
        _outbox.SendAsync(OutgoingFrame.From(new ChatMessage
        {
            Username = ServerName,
            Message = text,
            Timestamp = _gateway.Time.GetUtcNow().ToUnixTimeMilliseconds(),
            Type = MessageType.System,
            RoomId = _roomId,
        }));
}
