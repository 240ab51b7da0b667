using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Http2ErrorCode = OrleansChat.Grpc.Internal.GrpcProtocolConstants.Http2ErrorCode;

namespace OrleansChat.Grpc.Client.Internal;

/// <summary>
/// What a client reports when the response is not a gRPC status: the HTTP-to-gRPC table of
/// grpc/grpc doc/http-grpc-status-mapping.md and the RST_STREAM table of PROTOCOL-HTTP2.md "Errors".
/// </summary>
internal static class ClientStatusMapping
{
    /// <summary>The status for a response without <c>grpc-status</c> whose HTTP status is not 200.</summary>
    public static Status FromHttpStatus(HttpStatusCode httpStatus)
    {
        var code = (int)httpStatus switch
        {
            400 => StatusCode.Internal,
            401 => StatusCode.Unauthenticated,
            403 => StatusCode.PermissionDenied,
            404 => StatusCode.Unimplemented,
            429 or 502 or 503 or 504 => StatusCode.Unavailable,
            _ => StatusCode.Unknown,
        };

        return new Status(code, $"Bad gRPC response. HTTP status code: {(int)httpStatus} ({httpStatus}); the response carried no grpc-status.");
    }

    /// <summary>The status for a stream reset by the server (RST_STREAM) or a connection closed with GOAWAY.</summary>
    public static Status FromHttp2ErrorCode(long errorCode, string? detail)
    {
        var (code, name) = errorCode switch
        {
            Http2ErrorCode.NoError => (StatusCode.Internal, "NO_ERROR"),
            Http2ErrorCode.ProtocolError => (StatusCode.Internal, "PROTOCOL_ERROR"),
            Http2ErrorCode.InternalError => (StatusCode.Internal, "INTERNAL_ERROR"),
            Http2ErrorCode.FlowControlError => (StatusCode.Internal, "FLOW_CONTROL_ERROR"),
            Http2ErrorCode.SettingsTimeout => (StatusCode.Internal, "SETTINGS_TIMEOUT"),
            Http2ErrorCode.StreamClosed => (StatusCode.Internal, "STREAM_CLOSED"),
            Http2ErrorCode.FrameSizeError => (StatusCode.Internal, "FRAME_SIZE_ERROR"),
            Http2ErrorCode.RefusedStream => (StatusCode.Unavailable, "REFUSED_STREAM"),
            Http2ErrorCode.Cancel => (StatusCode.Cancelled, "CANCEL"),
            Http2ErrorCode.CompressionError => (StatusCode.Internal, "COMPRESSION_ERROR"),
            Http2ErrorCode.ConnectError => (StatusCode.Internal, "CONNECT_ERROR"),
            Http2ErrorCode.EnhanceYourCalm => (StatusCode.ResourceExhausted, "ENHANCE_YOUR_CALM"),
            Http2ErrorCode.InadequateSecurity => (StatusCode.PermissionDenied, "INADEQUATE_SECURITY"),
            Http2ErrorCode.Http11Required => (StatusCode.Internal, "HTTP_1_1_REQUIRED"),
            _ => (StatusCode.Internal, "unknown"),
        };

        var message = $"HTTP/2 error code {name} (0x{errorCode:x}) from the server";
        if (errorCode == Http2ErrorCode.EnhanceYourCalm)
        {
            // grpc servers send this with GOAWAY debug data "too_many_pings" when keepalive pings come too often.
            message += ": the server asks the client to slow down (for example too_many_pings: keepalive pings more frequent than its policy allows)";
        }

        return new Status(code, string.IsNullOrEmpty(detail) ? message + "." : $"{message}. {detail}");
    }

    /// <summary>The status for a failure of the HTTP transport under a call.</summary>
    public static Status FromTransportException(Exception exception, Uri address)
    {
        var protocolError = Find<HttpProtocolException>(exception);
        if (protocolError is not null)
        {
            return FromHttp2ErrorCode(protocolError.ErrorCode, protocolError.Message);
        }

        var endpoint = $"{address.Host}:{address.Port}";
        var requestError = Find<HttpRequestException>(exception);
        switch (requestError?.HttpRequestError)
        {
            case HttpRequestError.ConnectionError:
            case HttpRequestError.NameResolutionError:
            case HttpRequestError.SecureConnectionError:
            case HttpRequestError.ProxyTunnelError:
            case HttpRequestError.VersionNegotiationError:
                return new Status(StatusCode.Unavailable, $"Error connecting to {endpoint}: {ConnectFailureReason(requestError)}");
        }

        if (Find<TimeoutException>(exception) is { } timeout)
        {
            return new Status(StatusCode.Unavailable, $"Error connecting to {endpoint}: {timeout.Message}");
        }

        if (Find<AuthenticationException>(exception) is { } tls)
        {
            return new Status(StatusCode.Unavailable, $"Error connecting to {endpoint}: TLS handshake failed: {tls.Message}");
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            return new Status(StatusCode.Unavailable, $"Connection to {endpoint} failed: {socket.Message}");
        }

        if (exception is OperationCanceledException)
        {
            return new Status(StatusCode.Cancelled, "The call was cancelled in the transport.");
        }

        if (exception is IOException or HttpRequestException || requestError is not null)
        {
            return new Status(StatusCode.Unavailable, $"Connection to {endpoint} closed before the call completed: {Innermost(exception).Message}");
        }

        return new Status(StatusCode.Internal, $"The call failed with an unexpected error: {exception.GetType().Name}: {exception.Message}");
    }

    private static string ConnectFailureReason(HttpRequestException exception)
    {
        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.Message;
        }

        if (Find<AuthenticationException>(exception) is { } tls)
        {
            var inner = tls.InnerException is null ? string.Empty : $" ({tls.InnerException.Message})";
            return $"TLS handshake failed: {tls.Message}{inner}";
        }

        return Innermost(exception).Message;
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var current = exception;
        while (current.InnerException is not null)
        {
            current = current.InnerException;
        }

        return current;
    }
}
