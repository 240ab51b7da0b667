using Grpc.Core;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>One unary call of the generated chat.v1 client.</summary>
internal delegate AsyncUnaryCall<TResponse> ChatCall<in TRequest, TResponse>(ChatService.ChatServiceClient client, TRequest request, CallOptions options);

/// <summary>The unary calls of chat.v1, for <see cref="TestChatServer.CallAsync{TRequest, TResponse}"/>.</summary>
internal static class ChatCalls
{
    public static readonly ChatCall<GetHistoryRequest, GetHistoryResponse> GetHistory = (c, r, o) => c.GetHistoryAsync(r, o);

    public static readonly ChatCall<ListRoomsRequest, ListRoomsResponse> ListRooms = (c, r, o) => c.ListRoomsAsync(r, o);

    public static readonly ChatCall<ListMembersRequest, ListMembersResponse> ListMembers = (c, r, o) => c.ListMembersAsync(r, o);

    public static readonly ChatCall<GetProfileRequest, Profile> GetProfile = (c, r, o) => c.GetProfileAsync(r, o);

    public static readonly ChatCall<UpdateProfileRequest, Profile> UpdateProfile = (c, r, o) => c.UpdateProfileAsync(r, o);

    public static readonly ChatCall<SendMessage, Ack> Send = (c, r, o) => c.SendAsync(r, o);

    public static readonly ChatCall<Typing, TypingAccepted> SetTyping = (c, r, o) => c.SetTypingAsync(r, o);

    public static readonly ChatCall<LeaveRoom, Left> Leave = (c, r, o) => c.LeaveAsync(r, o);
}
