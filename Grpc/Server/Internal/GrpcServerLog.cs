using Microsoft.Extensions.Logging;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>Every log line of the server's call handling, source-generated.</summary>
internal static partial class GrpcServerLog
{
    [LoggerMessage(1, LogLevel.Information, "Request content-type of '{ContentType}' is not supported.", EventName = "UnsupportedRequestContentType")]
    public static partial void UnsupportedRequestContentType(ILogger logger, string? contentType);

    [LoggerMessage(2, LogLevel.Information, "Request protocol of '{Protocol}' is not supported.", EventName = "UnsupportedRequestProtocol")]
    public static partial void UnsupportedRequestProtocol(ILogger logger, string protocol);

    [LoggerMessage(3, LogLevel.Information, "Request te header of '{Te}' is not 'trailers'.", EventName = "InvalidTeHeader")]
    public static partial void InvalidTeHeader(ILogger logger, string? te);

    [LoggerMessage(4, LogLevel.Information, "Request grpc-encoding of '{Encoding}' is not supported.", EventName = "UnsupportedRequestEncoding")]
    public static partial void UnsupportedRequestEncoding(ILogger logger, string encoding);

    [LoggerMessage(5, LogLevel.Debug, "Invalid grpc-timeout header value '{Timeout}' ignored.", EventName = "InvalidTimeoutIgnored")]
    public static partial void InvalidTimeoutIgnored(ILogger logger, string timeout);

    [LoggerMessage(6, LogLevel.Debug, "Request deadline of {Timeout} exceeded.", EventName = "DeadlineExceeded")]
    public static partial void DeadlineExceeded(ILogger logger, TimeSpan timeout);

    [LoggerMessage(7, LogLevel.Information, "Service '{ServiceName}' is unimplemented.", EventName = "ServiceUnimplemented")]
    public static partial void ServiceUnimplemented(ILogger logger, string serviceName);

    [LoggerMessage(8, LogLevel.Information, "Method '{MethodName}' of service '{ServiceName}' is unimplemented.", EventName = "MethodUnimplemented")]
    public static partial void MethodUnimplemented(ILogger logger, string serviceName, string methodName);

    [LoggerMessage(9, LogLevel.Error, "Error when executing service method '{Method}'.", EventName = "ErrorExecutingServiceMethod")]
    public static partial void ErrorExecutingServiceMethod(ILogger logger, string method, Exception exception);

    [LoggerMessage(10, LogLevel.Information, "Error status code '{StatusCode}' with detail '{Detail}' raised.", EventName = "RpcConnectionError")]
    public static partial void RpcConnectionError(ILogger logger, StatusCode statusCode, string detail);

    [LoggerMessage(11, LogLevel.Information, "Error reading message.", EventName = "ErrorReadingMessage")]
    public static partial void ErrorReadingMessage(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Information, "Error sending message.", EventName = "ErrorSendingMessage")]
    public static partial void ErrorSendingMessage(ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Information, "Request message could not be deserialized.", EventName = "ErrorDeserializingMessage")]
    public static partial void ErrorDeserializingMessage(ILogger logger, Exception exception);

    [LoggerMessage(14, LogLevel.Debug, "Call '{Method}' was cancelled by the client.", EventName = "CallCancelledByClient")]
    public static partial void CallCancelledByClient(ILogger logger, string method);

    [LoggerMessage(15, LogLevel.Debug, "Response compression '{Encoding}' was requested but the client accepts only '{AcceptEncoding}'.", EventName = "ResponseCompressionNotAccepted")]
    public static partial void ResponseCompressionNotAccepted(ILogger logger, string encoding, string? acceptEncoding);

    [LoggerMessage(16, LogLevel.Warning, "Metadata entry '{Key}' was dropped: a reserved or invalid name, or a value that is not printable ASCII.", EventName = "InvalidMetadataDropped")]
    public static partial void InvalidMetadataDropped(ILogger logger, string key);

    [LoggerMessage(17, LogLevel.Information, "Request metadata '{Key}' is not valid base64.", EventName = "InvalidBinaryMetadata")]
    public static partial void InvalidBinaryMetadata(ILogger logger, string key, Exception exception);

    [LoggerMessage(18, LogLevel.Debug, "Call '{Method}' ended with status {StatusCode}.", EventName = "CallCompleted")]
    public static partial void CallCompleted(ILogger logger, string method, StatusCode statusCode);

    [LoggerMessage(19, LogLevel.Error, "Error completing call '{Method}'.", EventName = "ErrorCompletingCall")]
    public static partial void ErrorCompletingCall(ILogger logger, string method, Exception exception);

    [LoggerMessage(20, LogLevel.Debug, "Call '{Method}' passed its deadline while the client was not reading; the stream is reset without a status.", EventName = "DeadlineStatusNotSent")]
    public static partial void DeadlineStatusNotSent(ILogger logger, string method);
}
