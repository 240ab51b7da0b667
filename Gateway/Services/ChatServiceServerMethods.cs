using OrleansChat.Gateway.Sessions;
using OrleansChat.Grpc;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Gateway.Services;

/// <summary>
/// The server side of <c>chat.v1.ChatService</c>: the streaming methods send <see cref="OutgoingFrame"/>s so that a
/// room event is serialized once for all sessions; the others are the shared client descriptors.
/// </summary>
internal static class ChatServiceServerMethods
{
    public const string ServiceName = Protocol.V1.ChatServiceMethods.ServiceName;

    private static readonly Marshaller<ClientFrame> ClientFrameMarshaller = Marshallers.ForProtobuf(ClientFrame.Parser);
    private static readonly Marshaller<SubscribeRequest> SubscribeRequestMarshaller = Marshallers.ForProtobuf(SubscribeRequest.Parser);

    public static readonly Method<ClientFrame, OutgoingFrame> Connect =
        new(MethodType.DuplexStreaming, ServiceName, "Connect", ClientFrameMarshaller, OutgoingFrame.Marshaller);

    public static readonly Method<BatchMessage, BatchResult> SendBatch = Protocol.V1.ChatServiceMethods.SendBatch;

    public static readonly Method<SubscribeRequest, OutgoingFrame> Subscribe =
        new(MethodType.ServerStreaming, ServiceName, "Subscribe", SubscribeRequestMarshaller, OutgoingFrame.Marshaller);

    public static readonly Method<GetHistoryRequest, GetHistoryResponse> GetHistory = Protocol.V1.ChatServiceMethods.GetHistory;

    public static readonly Method<ListRoomsRequest, ListRoomsResponse> ListRooms = Protocol.V1.ChatServiceMethods.ListRooms;

    public static readonly Method<ListMembersRequest, ListMembersResponse> ListMembers = Protocol.V1.ChatServiceMethods.ListMembers;

    public static readonly Method<GetProfileRequest, Profile> GetProfile = Protocol.V1.ChatServiceMethods.GetProfile;

    public static readonly Method<UpdateProfileRequest, Profile> UpdateProfile = Protocol.V1.ChatServiceMethods.UpdateProfile;
}
