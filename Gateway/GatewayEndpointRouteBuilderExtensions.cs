using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using OrleansChat.Gateway.Services;

namespace OrleansChat.Gateway;

/// <summary>Maps the gateway's gRPC services.</summary>
public static class GatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>chat.v1.ChatService</c>, <c>chat.ChatService</c>, <c>grpc.health.v1.Health</c> and server reflection,
    /// each also reachable over gRPC-Web (needs <c>app.UseGrpcWeb()</c> before it).
    /// </summary>
    public static IEndpointRouteBuilder MapChatGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<ChatGatewayService>().EnableGrpcWeb();
        endpoints.MapGrpcService<CompatGatewayService>().EnableGrpcWeb();
        endpoints.MapGrpcHealthChecksService().EnableGrpcWeb();
        endpoints.MapGrpcReflectionService().EnableGrpcWeb();
        return endpoints;
    }
}
