using Grpc.Core;
using OrleansChat.Gateway.Sessions;
using OrleansChat.Protocol.Compat;

namespace OrleansChat.Gateway.Services;

/// <summary>Serves the seed app's <c>chat.ChatService/JoinChat</c> (see <see cref="CompatSession"/>).</summary>
internal sealed class CompatGatewayService(GatewayContext gateway) : CompatServiceDefinition
{
    public override Task JoinChat(IAsyncStreamReader<ChatMessage> requestStream, IServerStreamWriter<OutgoingFrame> responseStream, ServerCallContext context) =>
        CompatSession.RunAsync(gateway, requestStream, responseStream, context);
}
