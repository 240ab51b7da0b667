using OrleansChat.Grpc;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Connection;

/// <summary>The <c>chat.v1.ChatService</c> methods the CLI calls (chat.proto; no service code generation here).</summary>
internal static class ChatServiceMethods
{
    public const string ServiceName = "chat.v1.ChatService";

    public static readonly Method<ClientFrame, ServerFrame> Connect = new(
        MethodType.DuplexStreaming, ServiceName, "Connect",
        Marshallers.ForProtobuf(ClientFrame.Parser), Marshallers.ForProtobuf(ServerFrame.Parser));

    public static readonly Method<BatchMessage, BatchResult> SendBatch = new(
        MethodType.ClientStreaming, ServiceName, "SendBatch",
        Marshallers.ForProtobuf(BatchMessage.Parser), Marshallers.ForProtobuf(BatchResult.Parser));

    public static readonly Method<GetHistoryRequest, GetHistoryResponse> GetHistory = new(
        MethodType.Unary, ServiceName, "GetHistory",
        Marshallers.ForProtobuf(GetHistoryRequest.Parser), Marshallers.ForProtobuf(GetHistoryResponse.Parser));

    public static readonly Method<ListRoomsRequest, ListRoomsResponse> ListRooms = new(
        MethodType.Unary, ServiceName, "ListRooms",
        Marshallers.ForProtobuf(ListRoomsRequest.Parser), Marshallers.ForProtobuf(ListRoomsResponse.Parser));

    public static readonly Method<ListMembersRequest, ListMembersResponse> ListMembers = new(
        MethodType.Unary, ServiceName, "ListMembers",
        Marshallers.ForProtobuf(ListMembersRequest.Parser), Marshallers.ForProtobuf(ListMembersResponse.Parser));

    public static readonly Method<UpdateProfileRequest, Profile> UpdateProfile = new(
        MethodType.Unary, ServiceName, "UpdateProfile",
        Marshallers.ForProtobuf(UpdateProfileRequest.Parser), Marshallers.ForProtobuf(Profile.Parser));
}
