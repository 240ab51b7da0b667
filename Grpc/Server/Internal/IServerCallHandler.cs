using Microsoft.AspNetCore.Http;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>Serves one gRPC path.</summary>
internal interface IServerCallHandler
{
    Task HandleCallAsync(HttpContext httpContext);
}
