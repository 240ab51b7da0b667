using Microsoft.AspNetCore.Http;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>Answers every gRPC path no handler serves with UNIMPLEMENTED (Trailers-Only, HTTP 200).</summary>
internal sealed class UnimplementedCallHandler(ServerCallHandlerServices services) : IServerCallHandler
{
    public Task HandleCallAsync(HttpContext httpContext)
    {
        var invalid = GrpcRequestValidator.Validate(httpContext, services);
        if (invalid is not null)
        {
            return invalid;
        }

        return WriteUnimplementedAsync(httpContext, services);
    }

    public static Task WriteUnimplementedAsync(HttpContext httpContext, ServerCallHandlerServices services)
    {
        var path = httpContext.Request.Path.Value ?? string.Empty;
        var trimmed = path.StartsWith('/') ? path[1..] : path;
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var serviceName = slash < 0 ? trimmed : trimmed[..slash];
        var methodName = slash < 0 ? string.Empty : trimmed[(slash + 1)..];

        Status status;
        if (services.Registry.ContainsService(serviceName))
        {
            GrpcServerLog.MethodUnimplemented(services.Logger, serviceName, methodName);
            status = new Status(StatusCode.Unimplemented, "Method is unimplemented.");
        }
        else
        {
            GrpcServerLog.ServiceUnimplemented(services.Logger, serviceName);
            status = new Status(StatusCode.Unimplemented, "Service is unimplemented.");
        }

        return GrpcResponseHeaders.WriteTrailersOnlyAsync(httpContext.Response, StatusCodes.Status200OK, status, services.AcceptEncoding);
    }
}
