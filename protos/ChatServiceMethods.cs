using OrleansChat.Grpc;

namespace OrleansChat.Protocol.V1;

/// <summary>
/// The method descriptors of <c>chat.v1.ChatService</c> as a client sees them — what protoc's service code
/// generation would emit (this project generates messages only). The gateway serves the streaming methods with
/// pre-serialized frames but the same paths.
/// </summary>
public static class ChatServiceMethods
{
    public const string ServiceName = "chat.v1.ChatService";

    public static readonly Method<ClientFrame, ServerFrame> Connect = new(
        MethodType.DuplexStreaming, ServiceName, "Connect",
        Marshallers.ForProtobuf(ClientFrame.Parser), Marshallers.ForProtobuf(ServerFrame.Parser));

    public static readonly Method<BatchMessage, BatchResult> SendBatch = new(
        MethodType.ClientStreaming, ServiceName, "SendBatch",
        Marshallers.ForProtobuf(BatchMessage.Parser), Marshallers.ForProtobuf(BatchResult.Parser));

    public static readonly Method<SubscribeRequest, ServerFrame> Subscribe = new(
        MethodType.ServerStreaming, ServiceName, "Subscribe",
        Marshallers.ForProtobuf(SubscribeRequest.Parser), Marshallers.ForProtobuf(ServerFrame.Parser));

    public static readonly Method<GetHistoryRequest, GetHistoryResponse> GetHistory = new(
        MethodType.Unary, ServiceName, "GetHistory",
        Marshallers.ForProtobuf(GetHistoryRequest.Parser), Marshallers.ForProtobuf(GetHistoryResponse.Parser));

    public static readonly Method<ListRoomsRequest, ListRoomsResponse> ListRooms = new(
        MethodType.Unary, ServiceName, "ListRooms",
        Marshallers.ForProtobuf(ListRoomsRequest.Parser), Marshallers.ForProtobuf(ListRoomsResponse.Parser));

    public static readonly Method<ListMembersRequest, ListMembersResponse> ListMembers = new(
        MethodType.Unary, ServiceName, "ListMembers",
        Marshallers.ForProtobuf(ListMembersRequest.Parser), Marshallers.ForProtobuf(ListMembersResponse.Parser));

    public static readonly Method<GetProfileRequest, Profile> GetProfile = new(
        MethodType.Unary, ServiceName, "GetProfile",
        Marshallers.ForProtobuf(GetProfileRequest.Parser), Marshallers.ForProtobuf(Profile.Parser));

    public static readonly Method<UpdateProfileRequest, Profile> UpdateProfile = new(
        MethodType.Unary, ServiceName, "UpdateProfile",
        Marshallers.ForProtobuf(UpdateProfileRequest.Parser), Marshallers.ForProtobuf(Profile.Parser));
}
