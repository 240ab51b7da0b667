using OrleansChat.Grpc;

namespace OrleansChat.Protocol.Compat;

/// <summary>The method descriptor of the seed app's <c>chat.ChatService</c> as a client sees it.</summary>
public static class CompatServiceMethods
{
    public const string ServiceName = "chat.ChatService";

    public static readonly Method<ChatMessage, ChatMessage> JoinChat = new(
        MethodType.DuplexStreaming, ServiceName, "JoinChat",
        Marshallers.ForProtobuf(ChatMessage.Parser), Marshallers.ForProtobuf(ChatMessage.Parser));
}
