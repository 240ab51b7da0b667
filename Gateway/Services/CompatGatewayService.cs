using OrleansChat.Gateway.Sessions;
using OrleansChat.Grpc;
using OrleansChat.Protocol.Compat;

namespace OrleansChat.Gateway.Services;

/// <summary>Serves the seed app's <c>chat.ChatService/JoinChat</c> (see <see cref="CompatSession"/>).</summary>
internal sealed class CompatGatewayService(GatewayContext gateway)
{
    public ServerServiceDefinition BuildDefinition() =>
        ServerServiceDefinition.CreateBuilder(CompatServiceServerMethods.ServiceName, CompatReflection.Descriptor.Services[0])
            .AddMethod(CompatServiceServerMethods.JoinChat, JoinChat)
            .Build();

    private Task JoinChat(IAsyncStreamReader<ChatMessage> requests, IServerStreamWriter<OutgoingFrame> responses, ServerCallContext context) =>
        CompatSession.RunAsync(gateway, requests, responses, context);
}
