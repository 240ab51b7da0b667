using Grpc.Core;
using OrleansChat.Gateway.Sessions;
using OrleansChat.Grains;
using OrleansChat.Grains.Validation;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Gateway.Services;

/// <summary>
/// <c>chat.v1.ChatService</c>: the streams are run by <see cref="ChatSession"/>; the other calls identify the caller
/// from metadata, check their arguments (INVALID_ARGUMENT naming the field) and ask the grains.
/// </summary>
internal sealed class ChatGatewayService(GatewayContext gateway) : ChatServiceDefinition
{
    public override Task Connect(IAsyncStreamReader<ClientFrame> requestStream, IServerStreamWriter<OutgoingFrame> responseStream, ServerCallContext context) =>
        ChatSession.RunConnectAsync(gateway, requestStream, responseStream, context);

    public override Task Subscribe(SubscribeRequest request, IServerStreamWriter<OutgoingFrame> responseStream, ServerCallContext context) =>
        ChatSession.RunSubscribeAsync(gateway, request, responseStream, context);

    public override async Task<BatchResult> SendBatch(IAsyncStreamReader<BatchMessage> requestStream, ServerCallContext context)
    {
        var userId = Authenticate(context);
        var result = new BatchResult();
        string? roomId = null;
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            var message = requestStream.Current;
            var stored = result.Count == 0 ? string.Empty : " (" + result.Count + " messages before it were stored)";
            if (roomId is null)
            {
                CheckRoomId(message.RoomId);
                roomId = message.RoomId;
            }
            else if (message.RoomId != roomId)
            {
                throw GatewayErrors.Create(StatusCode.InvalidArgument, "room_id must be the same for every message of a batch ('" + roomId + "')" + stored, "room_id");
            }

            if (MessageCheck.Of(message.Text, message.ClientMessageId, gateway.Options.MaxMessageBytes) is { } problem)
            {
                throw GatewayErrors.Create(StatusCode.InvalidArgument, problem + stored, problem.Field);
            }

            if (result.Count >= gateway.Options.MaxBatchMessages)
            {
                throw GatewayErrors.Create(StatusCode.ResourceExhausted, "a batch may carry at most " + gateway.Options.MaxBatchMessages + " messages" + stored);
            }

            // Bulk sends wait for the user's rate limit instead of failing: the wait is backpressure on the stream.
            await gateway.RateLimiter.AcquireAsync(userId, context.CancellationToken).ConfigureAwait(false);
            var posted = await CallGrainAsync(() => gateway.Room(roomId).Post(new PostRequest
            {
                SenderId = userId,
                ClientMessageId = message.ClientMessageId,
                Text = message.Text,
            })).ConfigureAwait(false);
            switch (posted.Error)
            {
                case RoomError.None:
                    break;
                case RoomError.NotMember:
                    throw GatewayErrors.Create(StatusCode.FailedPrecondition, "join room '" + roomId + "' before sending to it" + stored, "room_id");
                default:
                    throw GatewayErrors.Create(GatewayErrors.ToStatusCode(posted.Error), GatewayErrors.Describe(posted.Error, roomId, posted.Field) + stored, posted.Field);
            }

            result.FirstSeq = result.Count == 0 ? posted.Seq : Math.Min(result.FirstSeq, posted.Seq);
            result.LastSeq = Math.Max(result.LastSeq, posted.Seq);
            result.Count++;
        }

        return result;
    }

    public override async Task<GetHistoryResponse> GetHistory(GetHistoryRequest request, ServerCallContext context)
    {
        Authenticate(context);
        CheckRoomId(request.RoomId);
        if (request.BeforeSeq < 0)
        {
            GatewayErrors.ThrowInvalidArgument("before_seq", "must not be negative");
        }

        var history = await CallGrainAsync(() => gateway.Room(request.RoomId)
            .GetHistory(new HistoryRequest { Limit = request.Limit, BeforeSeq = request.BeforeSeq })).ConfigureAwait(false);
        if (history.Error == RoomError.NotFound)
        {
            GatewayErrors.ThrowRoomNotFound(request.RoomId);
        }

        var response = new GetHistoryResponse { RoomId = request.RoomId, LastSeq = history.LastSeq };
        response.Events.AddRange(history.Events.Select(ProtoMapping.ToChatEvent));
        return response;
    }

    public override async Task<ListRoomsResponse> ListRooms(ListRoomsRequest request, ServerCallContext context)
    {
        var userId = Authenticate(context);
        var rooms = await CallGrainAsync(() => gateway.User(userId).GetRooms()).ConfigureAwait(false);
        var summaries = await Task.WhenAll(rooms.RoomIds.Select(async roomId =>
            (RoomId: roomId, Summary: await CallGrainAsync(() => gateway.Room(roomId).GetSummary(userId)).ConfigureAwait(false)))).ConfigureAwait(false);

        var response = new ListRoomsResponse();
        foreach (var (roomId, summary) in summaries)
        {
            if (summary.Error == RoomError.None && summary.IsMember)
            {
                response.Rooms.Add(new RoomSummary
                {
                    RoomId = roomId,
                    MemberCount = summary.MemberCount,
                    OnlineCount = summary.OnlineCount,
                    LastSeq = summary.LastSeq,
                });
            }
        }

        return response;
    }

    public override async Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context)
    {
        Authenticate(context);
        CheckRoomId(request.RoomId);
        var members = await CallGrainAsync(() => gateway.Room(request.RoomId).GetMembers()).ConfigureAwait(false);
        if (members.Error == RoomError.NotFound)
        {
            GatewayErrors.ThrowRoomNotFound(request.RoomId);
        }

        var response = new ListMembersResponse { RoomId = request.RoomId };
        response.Members.AddRange(members.Members.Select(ProtoMapping.ToMember));
        return response;
    }

    public override async Task<Profile> GetProfile(GetProfileRequest request, ServerCallContext context)
    {
        var userId = Authenticate(context);
        var target = request.UserId.Length == 0 ? userId : request.UserId;
        if (ChatValidation.CheckUserId(target) is { } problem)
        {
            GatewayErrors.ThrowInvalidArgument("user_id", problem);
        }

        var profile = await CallGrainAsync(() => gateway.User(target).GetProfile()).ConfigureAwait(false);
        if (!profile.Exists && target != userId)
        {
            throw GatewayErrors.Create(StatusCode.NotFound, "user '" + target + "' does not exist", "user_id");
        }

        return ProtoMapping.ToProfile(profile);
    }

    public override async Task<Profile> UpdateProfile(UpdateProfileRequest request, ServerCallContext context)
    {
        var userId = Authenticate(context);
        if (request.HasDisplayName && ChatValidation.CheckDisplayName(request.DisplayName) is { } nameProblem)
        {
            GatewayErrors.ThrowInvalidArgument("display_name", nameProblem);
        }

        if (request.HasAvatar && ChatValidation.CheckAvatar(request.Avatar) is { } avatarProblem)
        {
            GatewayErrors.ThrowInvalidArgument("avatar", avatarProblem);
        }

        var update = new ProfileUpdateRequest();
        if (request.HasDisplayName)
        {
            update.DisplayName = request.DisplayName;
        }

        if (request.HasAvatar)
        {
            update.Avatar = request.Avatar;
        }

        var result = await CallGrainAsync(() => gateway.User(userId).UpdateProfile(update)).ConfigureAwait(false);
        if (result.InvalidField.Length > 0)
        {
            GatewayErrors.ThrowInvalidArgument(result.InvalidField, result.ErrorMessage);
        }

        return ProtoMapping.ToProfile(result.Profile);
    }

    public override async Task<Ack> Send(SendMessage request, ServerCallContext context)
    {
        var userId = Authenticate(context);
        CheckRoomId(request.RoomId);
        if (MessageCheck.Of(request.Text, request.ClientMessageId, gateway.Options.MaxMessageBytes) is { } problem)
        {
            GatewayErrors.ThrowInvalidArgument(problem.Field, problem.Problem);
        }

        if (!gateway.RateLimiter.TryAcquire(userId))
        {
            throw GatewayErrors.Create(StatusCode.ResourceExhausted, "rate limit exceeded: at most " + gateway.Options.MessagesPerSecond + " messages per second");
        }

        var posted = await CallGrainAsync(() => gateway.Room(request.RoomId).Post(new PostRequest
        {
            SenderId = userId,
            ClientMessageId = request.ClientMessageId,
            Text = request.Text,
        })).ConfigureAwait(false);
        if (posted.Error == RoomError.NotMember)
        {
            GatewayErrors.ThrowNotMember(request.RoomId);
        }

        if (posted.Error != RoomError.None)
        {
            throw GatewayErrors.Create(GatewayErrors.ToStatusCode(posted.Error), GatewayErrors.Describe(posted.Error, request.RoomId, posted.Field), posted.Field);
        }

        return ProtoMapping.ToAck(request.RoomId, request.ClientMessageId, posted);
    }

    public override async Task<TypingAccepted> SetTyping(Typing request, ServerCallContext context)
    {
        var userId = Authenticate(context);
        CheckRoomId(request.RoomId);
        if (!gateway.TypingLimiter.TryAcquire(userId))
        {
            return new TypingAccepted { Published = false };
        }

        await CallGrainAsync(async () =>
        {
            await gateway.Room(request.RoomId).Typing(new TypingRequest { UserId = userId, Typing = request.Typing_ }).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return new TypingAccepted { Published = true };
    }

    public override async Task<Left> Leave(LeaveRoom request, ServerCallContext context)
    {
        var userId = Authenticate(context);
        CheckRoomId(request.RoomId);
        var result = await CallGrainAsync(() => gateway.Room(request.RoomId).Leave(new LeaveRequest { UserId = userId })).ConfigureAwait(false);
        if (result.Error != RoomError.None)
        {
            throw GatewayErrors.Create(StatusCode.FailedPrecondition, "not a member of room '" + request.RoomId + "'", "room_id");
        }

        if (result.MembershipRemoved)
        {
            await CallGrainAsync(async () =>
            {
                await gateway.User(userId).RemoveRoom(request.RoomId).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }

        return new Left { RoomId = request.RoomId };
    }

    private static void CheckRoomId(string roomId)
    {
        if (ChatValidation.CheckRoomId(roomId) is { } problem)
        {
            GatewayErrors.ThrowInvalidArgument("room_id", problem);
        }
    }

    private static async Task<T> CallGrainAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception exception) when (GatewayErrors.FromGrainFailure(exception) is { } status)
        {
            throw new RpcException(status);
        }
    }

    private string Authenticate(ServerCallContext context)
    {
        var identity = gateway.Identity.Resolve(context.RequestHeaders);
        return identity.Refusal is { } refusal
            ? throw GatewayErrors.Create(refusal.StatusCode, refusal.Detail, identity.Field)
            : identity.UserId;
    }
}
