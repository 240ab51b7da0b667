using System.Net.Sockets;
using Grpc.Core;

namespace OrleansChat.Cli.Tests.Fakes;

/// <summary>The exceptions Grpc.Net.Client 2.85 throws for the transport failures the CLI meets, status detail and
/// debug exception as captured from the real client.</summary>
internal static class GrpcFailures
{
    /// <summary>Nothing listens on the port.</summary>
    public static RpcException ConnectionRefused()
        => new(new Status(StatusCode.Unavailable, "Error connecting to subchannel.", new SocketException((int)SocketError.ConnectionRefused)));

    /// <summary>The host name does not resolve.</summary>
    public static RpcException UnknownHost()
        => new(new Status(StatusCode.Unavailable, "Error connecting to subchannel.", new SocketException((int)SocketError.HostNotFound)));

    /// <summary>The server process died under an open stream.</summary>
    public static RpcException ConnectionLost()
    {
        const string Message = "The response ended prematurely while waiting for the next frame from the server. (ResponseEnded)";
        return new(new Status(StatusCode.Unavailable, "Error reading next message. HttpIOException: " + Message, new HttpIOException(HttpRequestError.ResponseEnded, Message)));
    }
}
