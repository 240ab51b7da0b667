using OrleansChat.Gateway.Sessions;
using OrleansChat.Grpc;
using OrleansChat.Protocol.Compat;

namespace OrleansChat.Gateway.Services;

/// <summary>The method descriptor of the seed app's <c>chat.ChatService</c>.</summary>
internal static class CompatServiceServerMethods
{
    public const string ServiceName = Protocol.Compat.CompatServiceMethods.ServiceName;

    private static readonly Marshaller<ChatMessage> ChatMessageMarshaller = Marshallers.ForProtobuf(ChatMessage.Parser);

    public static readonly Method<ChatMessage, OutgoingFrame> JoinChat =
        new(MethodType.DuplexStreaming, ServiceName, "JoinChat", ChatMessageMarshaller, OutgoingFrame.Marshaller);
}
