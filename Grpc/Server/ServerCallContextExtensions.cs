using Microsoft.AspNetCore.Http;
using OrleansChat.Grpc.Server.Internal;

namespace OrleansChat.Grpc.Server;

public static class ServerCallContextExtensions
{
    /// <summary>The ASP.NET Core request behind a call served by this server (as grpc-dotnet's
    /// <c>GetHttpContext</c>): connection details, features, raw headers such as <c>grpc-encoding</c>.</summary>
    public static HttpContext GetHttpContext(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context is HttpContextServerCallContext httpContextCall
            ? httpContextCall.HttpContext
            : throw new InvalidOperationException("The call context does not come from this gRPC server.");
    }

    /// <summary>Whether the request message read last had its compressed flag set; null before the first one.
    /// Interop servers check it against the client's <c>expect_compressed</c>.</summary>
    public static bool? IsLastRequestMessageCompressed(this ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context is HttpContextServerCallContext httpContextCall
            ? httpContextCall.LastRequestMessageCompressed
            : throw new InvalidOperationException("The call context does not come from this gRPC server.");
    }
}
