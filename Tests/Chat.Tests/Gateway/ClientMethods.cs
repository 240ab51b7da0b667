using OrleansChat.Grpc;
using OrleansChat.Protocol.Compat;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Chat.Tests.Gateway;

/// <summary>Client-side method descriptors of the public services, as a generated client would have them.</summary>
internal static class ClientMethods
{
    private const string Service = "chat.v1.ChatService";

    public static readonly Method<ClientFrame, ServerFrame> Connect = new(
        MethodType.DuplexStreaming, Service, "Connect", Marshallers.ForProtobuf(ClientFrame.Parser), Marshallers.ForProtobuf(ServerFrame.Parser));

    public static readonly Method<BatchMessage, BatchResult> SendBatch = new(
        MethodType.ClientStreaming, Service, "SendBatch", Marshallers.ForProtobuf(BatchMessage.Parser), Marshallers.ForProtobuf(BatchResult.Parser));

    public static readonly Method<SubscribeRequest, ServerFrame> Subscribe = new(
        MethodType.ServerStreaming, Service, "Subscribe", Marshallers.ForProtobuf(SubscribeRequest.Parser), Marshallers.ForProtobuf(ServerFrame.Parser));

    public static readonly Method<GetHistoryRequest, GetHistoryResponse> GetHistory = new(
        MethodType.Unary, Service, "GetHistory", Marshallers.ForProtobuf(GetHistoryRequest.Parser), Marshallers.ForProtobuf(GetHistoryResponse.Parser));

    public static readonly Method<ListRoomsRequest, ListRoomsResponse> ListRooms = new(
        MethodType.Unary, Service, "ListRooms", Marshallers.ForProtobuf(ListRoomsRequest.Parser), Marshallers.ForProtobuf(ListRoomsResponse.Parser));

    public static readonly Method<ListMembersRequest, ListMembersResponse> ListMembers = new(
        MethodType.Unary, Service, "ListMembers", Marshallers.ForProtobuf(ListMembersRequest.Parser), Marshallers.ForProtobuf(ListMembersResponse.Parser));

    public static readonly Method<GetProfileRequest, Profile> GetProfile = new(
        MethodType.Unary, Service, "GetProfile", Marshallers.ForProtobuf(GetProfileRequest.Parser), Marshallers.ForProtobuf(Profile.Parser));

    public static readonly Method<UpdateProfileRequest, Profile> UpdateProfile = new(
        MethodType.Unary, Service, "UpdateProfile", Marshallers.ForProtobuf(UpdateProfileRequest.Parser), Marshallers.ForProtobuf(Profile.Parser));

    public static readonly Method<ChatMessage, ChatMessage> JoinChat = new(
        MethodType.DuplexStreaming, "chat.ChatService", "JoinChat", Marshallers.ForProtobuf(ChatMessage.Parser), Marshallers.ForProtobuf(ChatMessage.Parser));
}
