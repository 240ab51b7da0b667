using OrleansChat.Gateway.Sessions;
using OrleansChat.Grpc;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Gateway.Services;

/// <summary>
/// The method descriptors of <c>chat.v1.ChatService</c>, as generated code would declare them. Streams of server
/// frames are sent as <see cref="OutgoingFrame"/>s so that a room event is serialized once for all sessions.
/// </summary>
internal static class ChatServiceMethods
{
    public const string ServiceName = "chat.v1.ChatService";

    private static readonly Marshaller<ClientFrame> ClientFrameMarshaller = Marshallers.ForProtobuf(ClientFrame.Parser);
    private static readonly Marshaller<BatchMessage> BatchMessageMarshaller = Marshallers.ForProtobuf(BatchMessage.Parser);
    private static readonly Marshaller<BatchResult> BatchResultMarshaller = Marshallers.ForProtobuf(BatchResult.Parser);
    private static readonly Marshaller<SubscribeRequest> SubscribeRequestMarshaller = Marshallers.ForProtobuf(SubscribeRequest.Parser);
    private static readonly Marshaller<GetHistoryRequest> GetHistoryRequestMarshaller = Marshallers.ForProtobuf(GetHistoryRequest.Parser);
    private static readonly Marshaller<GetHistoryResponse> GetHistoryResponseMarshaller = Marshallers.ForProtobuf(GetHistoryResponse.Parser);
    private static readonly Marshaller<ListRoomsRequest> ListRoomsRequestMarshaller = Marshallers.ForProtobuf(ListRoomsRequest.Parser);
    private static readonly Marshaller<ListRoomsResponse> ListRoomsResponseMarshaller = Marshallers.ForProtobuf(ListRoomsResponse.Parser);
    private static readonly Marshaller<ListMembersRequest> ListMembersRequestMarshaller = Marshallers.ForProtobuf(ListMembersRequest.Parser);
    private static readonly Marshaller<ListMembersResponse> ListMembersResponseMarshaller = Marshallers.ForProtobuf(ListMembersResponse.Parser);
    private static readonly Marshaller<GetProfileRequest> GetProfileRequestMarshaller = Marshallers.ForProtobuf(GetProfileRequest.Parser);
    private static readonly Marshaller<UpdateProfileRequest> UpdateProfileRequestMarshaller = Marshallers.ForProtobuf(UpdateProfileRequest.Parser);
    private static readonly Marshaller<Profile> ProfileMarshaller = Marshallers.ForProtobuf(Profile.Parser);

    public static readonly Method<ClientFrame, OutgoingFrame> Connect =
        new(MethodType.DuplexStreaming, ServiceName, "Connect", ClientFrameMarshaller, OutgoingFrame.Marshaller);

    public static readonly Method<BatchMessage, BatchResult> SendBatch =
        new(MethodType.ClientStreaming, ServiceName, "SendBatch", BatchMessageMarshaller, BatchResultMarshaller);

    public static readonly Method<SubscribeRequest, OutgoingFrame> Subscribe =
        new(MethodType.ServerStreaming, ServiceName, "Subscribe", SubscribeRequestMarshaller, OutgoingFrame.Marshaller);

    public static readonly Method<GetHistoryRequest, GetHistoryResponse> GetHistory =
        new(MethodType.Unary, ServiceName, "GetHistory", GetHistoryRequestMarshaller, GetHistoryResponseMarshaller);

    public static readonly Method<ListRoomsRequest, ListRoomsResponse> ListRooms =
        new(MethodType.Unary, ServiceName, "ListRooms", ListRoomsRequestMarshaller, ListRoomsResponseMarshaller);

    public static readonly Method<ListMembersRequest, ListMembersResponse> ListMembers =
        new(MethodType.Unary, ServiceName, "ListMembers", ListMembersRequestMarshaller, ListMembersResponseMarshaller);

    public static readonly Method<GetProfileRequest, Profile> GetProfile =
        new(MethodType.Unary, ServiceName, "GetProfile", GetProfileRequestMarshaller, ProfileMarshaller);

    public static readonly Method<UpdateProfileRequest, Profile> UpdateProfile =
        new(MethodType.Unary, ServiceName, "UpdateProfile", UpdateProfileRequestMarshaller, ProfileMarshaller);
}
