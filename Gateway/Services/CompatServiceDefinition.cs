using Google.Protobuf.Reflection;
using Grpc.Core;
using OrleansChat.Gateway.Sessions;
using OrleansChat.Protocol.Compat;

namespace OrleansChat.Gateway.Services;

/// <summary>
/// The server binding of the seed app's <c>chat.ChatService</c> (<c>protos/compat.proto</c>), answering with
/// pre-serialized <c>ChatMessage</c>s like <see cref="ChatServiceDefinition"/>.
/// </summary>
[BindServiceMethod(typeof(CompatServiceDefinition), nameof(BindService))]
internal abstract class CompatServiceDefinition
{
    private static readonly Method<ChatMessage, OutgoingFrame> JoinChatMethod =
        new(MethodType.DuplexStreaming, "chat.ChatService", "JoinChat", ProtobufMarshaller.For(ChatMessage.Parser), OutgoingFrame.Marshaller);

    /// <summary>For server reflection: the service as <c>compat.proto</c> declares it.</summary>
    public static ServiceDescriptor Descriptor => ChatService.Descriptor;

    public static void BindService(ServiceBinderBase binder, CompatServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(JoinChatMethod, service is null ? null : new DuplexStreamingServerMethod<ChatMessage, OutgoingFrame>(service.JoinChat));
    }

    public abstract Task JoinChat(IAsyncStreamReader<ChatMessage> requestStream, IServerStreamWriter<OutgoingFrame> responseStream, ServerCallContext context);
}
