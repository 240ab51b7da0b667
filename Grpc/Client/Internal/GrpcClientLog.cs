using Microsoft.Extensions.Logging;

namespace OrleansChat.Grpc.Client.Internal;

/// <summary>The client's log messages (event ids 100–199 of the gRPC layer).</summary>
internal static partial class GrpcClientLog
{
    [LoggerMessage(EventId = 101, EventName = "StartingCall", Level = LogLevel.Debug, Message = "Starting {MethodType} call to {Uri}.")]
    public static partial void StartingCall(ILogger logger, MethodType methodType, Uri uri);

    [LoggerMessage(EventId = 102, EventName = "ResponseHeadersReceived", Level = LogLevel.Trace, Message = "Response headers received for {Method}.")]
    public static partial void ResponseHeadersReceived(ILogger logger, string method);

    [LoggerMessage(EventId = 103, EventName = "FinishedCall", Level = LogLevel.Debug, Message = "Call {Method} finished with status {StatusCode}.")]
    public static partial void FinishedCall(ILogger logger, string method, StatusCode statusCode);

    [LoggerMessage(EventId = 104, EventName = "GrpcStatusError", Level = LogLevel.Information, Message = "Call {Method} failed with status {StatusCode}: '{Detail}'.")]
    public static partial void GrpcStatusError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 105, EventName = "StartingDeadlineTimeout", Level = LogLevel.Trace, Message = "Call {Method} has a deadline in {Timeout}.")]
    public static partial void StartingDeadlineTimeout(ILogger logger, string method, TimeSpan timeout);

    [LoggerMessage(EventId = 106, EventName = "DeadlineExceeded", Level = LogLevel.Warning, Message = "Call {Method} exceeded its deadline.")]
    public static partial void DeadlineExceeded(ILogger logger, string method);

    [LoggerMessage(EventId = 107, EventName = "CanceledCall", Level = LogLevel.Debug, Message = "Call {Method} was cancelled: {Detail}")]
    public static partial void CanceledCall(ILogger logger, string method, string detail);

    [LoggerMessage(EventId = 108, EventName = "TransportError", Level = LogLevel.Information, Message = "Call {Method} failed in the transport; reporting {StatusCode}.")]
    public static partial void TransportError(ILogger logger, string method, StatusCode statusCode, Exception exception);

    [LoggerMessage(EventId = 109, EventName = "BadResponse", Level = LogLevel.Information, Message = "Call {Method} got a response that is not gRPC: {Detail}")]
    public static partial void BadResponse(ILogger logger, string method, string detail);

    [LoggerMessage(EventId = 110, EventName = "SendingMessage", Level = LogLevel.Trace, Message = "Sending a {Length}-byte message on {Method} (compressed: {Compressed}).")]
    public static partial void SendingMessage(ILogger logger, int length, string method, bool compressed);

    [LoggerMessage(EventId = 111, EventName = "ReceivedMessage", Level = LogLevel.Trace, Message = "Received a {Length}-byte message on {Method}.")]
    public static partial void ReceivedMessage(ILogger logger, int length, string method);

    [LoggerMessage(EventId = 112, EventName = "InvalidResponseMetadata", Level = LogLevel.Warning, Message = "Ignoring response metadata '{Name}' on {Method}: {Reason}")]
    public static partial void InvalidResponseMetadata(ILogger logger, string name, string method, string reason);

    [LoggerMessage(EventId = 113, EventName = "MessageError", Level = LogLevel.Information, Message = "Call {Method} failed on a response message with {StatusCode}: '{Detail}'.")]
    public static partial void MessageError(ILogger logger, string method, StatusCode statusCode, string detail);

    [LoggerMessage(EventId = 114, EventName = "RequestCompleted", Level = LogLevel.Trace, Message = "Request stream of {Method} completed.")]
    public static partial void RequestCompleted(ILogger logger, string method);
}
