using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using OrleansChat.Gateway.Sessions;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Gateway.Services;

/// <summary>
/// The server binding of <c>chat.v1.ChatService</c>, shaped like the base class Grpc.Tools generates, with one
/// difference: the streaming methods answer with <see cref="OutgoingFrame"/> (a <c>ServerFrame</c> already
/// serialized), so a room event is serialized once per gateway, not once per recipient. The paths, the message
/// types on the wire and the reflection descriptor are those of <c>protos/chat.proto</c>.
/// </summary>
[BindServiceMethod(typeof(ChatServiceDefinition), nameof(BindService))]
internal abstract class ChatServiceDefinition
{
    private const string ServiceName = "chat.v1.ChatService";

    private static readonly Method<ClientFrame, OutgoingFrame> ConnectMethod =
        new(MethodType.DuplexStreaming, ServiceName, "Connect", ProtobufMarshaller.For(ClientFrame.Parser), OutgoingFrame.Marshaller);

    private static readonly Method<BatchMessage, BatchResult> SendBatchMethod =
        new(MethodType.ClientStreaming, ServiceName, "SendBatch", ProtobufMarshaller.For(BatchMessage.Parser), ProtobufMarshaller.For(BatchResult.Parser));

    private static readonly Method<SubscribeRequest, OutgoingFrame> SubscribeMethod =
        new(MethodType.ServerStreaming, ServiceName, "Subscribe", ProtobufMarshaller.For(SubscribeRequest.Parser), OutgoingFrame.Marshaller);

    private static readonly Method<GetHistoryRequest, GetHistoryResponse> GetHistoryMethod = Unary("GetHistory", GetHistoryRequest.Parser, GetHistoryResponse.Parser);

    private static readonly Method<ListRoomsRequest, ListRoomsResponse> ListRoomsMethod = Unary("ListRooms", ListRoomsRequest.Parser, ListRoomsResponse.Parser);

    private static readonly Method<ListMembersRequest, ListMembersResponse> ListMembersMethod = Unary("ListMembers", ListMembersRequest.Parser, ListMembersResponse.Parser);

    private static readonly Method<GetProfileRequest, Profile> GetProfileMethod = Unary("GetProfile", GetProfileRequest.Parser, Profile.Parser);

    private static readonly Method<UpdateProfileRequest, Profile> UpdateProfileMethod = Unary("UpdateProfile", UpdateProfileRequest.Parser, Profile.Parser);

    private static readonly Method<SendMessage, Ack> SendMethod = Unary("Send", SendMessage.Parser, Ack.Parser);

    private static readonly Method<Typing, TypingAccepted> SetTypingMethod = Unary("SetTyping", Typing.Parser, TypingAccepted.Parser);

    private static readonly Method<LeaveRoom, Left> LeaveMethod = Unary("Leave", LeaveRoom.Parser, Left.Parser);

    /// <summary>For server reflection: the service as <c>chat.proto</c> declares it.</summary>
    public static ServiceDescriptor Descriptor => ChatService.Descriptor;

    public static void BindService(ServiceBinderBase binder, ChatServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(ConnectMethod, service is null ? null : new DuplexStreamingServerMethod<ClientFrame, OutgoingFrame>(service.Connect));
        binder.AddMethod(SendBatchMethod, service is null ? null : new ClientStreamingServerMethod<BatchMessage, BatchResult>(service.SendBatch));
        binder.AddMethod(SubscribeMethod, service is null ? null : new ServerStreamingServerMethod<SubscribeRequest, OutgoingFrame>(service.Subscribe));
        binder.AddMethod(GetHistoryMethod, service is null ? null : new UnaryServerMethod<GetHistoryRequest, GetHistoryResponse>(service.GetHistory));
        binder.AddMethod(ListRoomsMethod, service is null ? null : new UnaryServerMethod<ListRoomsRequest, ListRoomsResponse>(service.ListRooms));
        binder.AddMethod(ListMembersMethod, service is null ? null : new UnaryServerMethod<ListMembersRequest, ListMembersResponse>(service.ListMembers));
        binder.AddMethod(GetProfileMethod, service is null ? null : new UnaryServerMethod<GetProfileRequest, Profile>(service.GetProfile));
        binder.AddMethod(UpdateProfileMethod, service is null ? null : new UnaryServerMethod<UpdateProfileRequest, Profile>(service.UpdateProfile));
        binder.AddMethod(SendMethod, service is null ? null : new UnaryServerMethod<SendMessage, Ack>(service.Send));
        binder.AddMethod(SetTypingMethod, service is null ? null : new UnaryServerMethod<Typing, TypingAccepted>(service.SetTyping));
        binder.AddMethod(LeaveMethod, service is null ? null : new UnaryServerMethod<LeaveRoom, Left>(service.Leave));
    }

    private static Method<TRequest, TResponse> Unary<TRequest, TResponse>(string name, MessageParser<TRequest> request, MessageParser<TResponse> response)
        where TRequest : class, IMessage<TRequest>, IBufferMessage
        where TResponse : class, IMessage<TResponse>, IBufferMessage =>
        new(MethodType.Unary, ServiceName, name, ProtobufMarshaller.For(request), ProtobufMarshaller.For(response));

    public abstract Task Connect(IAsyncStreamReader<ClientFrame> requestStream, IServerStreamWriter<OutgoingFrame> responseStream, ServerCallContext context);

    public abstract Task<BatchResult> SendBatch(IAsyncStreamReader<BatchMessage> requestStream, ServerCallContext context);

    public abstract Task Subscribe(SubscribeRequest request, IServerStreamWriter<OutgoingFrame> responseStream, ServerCallContext context);

    public abstract Task<GetHistoryResponse> GetHistory(GetHistoryRequest request, ServerCallContext context);

    public abstract Task<ListRoomsResponse> ListRooms(ListRoomsRequest request, ServerCallContext context);

    public abstract Task<ListMembersResponse> ListMembers(ListMembersRequest request, ServerCallContext context);

    public abstract Task<Profile> GetProfile(GetProfileRequest request, ServerCallContext context);

    public abstract Task<Profile> UpdateProfile(UpdateProfileRequest request, ServerCallContext context);

    public abstract Task<Ack> Send(SendMessage request, ServerCallContext context);

    public abstract Task<TypingAccepted> SetTyping(Typing request, ServerCallContext context);

    public abstract Task<Left> Leave(LeaveRoom request, ServerCallContext context);
}
