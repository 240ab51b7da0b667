using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;

namespace OrleansChat.Cli.Connection;

/// <summary>Turns call failures into one sentence a person can act on, and says which ones are worth a retry.</summary>
internal static class ConnectionErrors
{
    private const int MaxShortReasonLength = 100;

    public const string StartServerHint = "is the server running? (dotnet run --project Silo)";

    /// <summary>One line describing why <paramref name="address"/> could not be used.</summary>
    public static string Describe(Exception exception, ServerAddress address)
    {
        if (exception is not RpcException rpc)
        {
            return Reachability(exception, address) ?? $"cannot reach {address}: {exception.Message}";
        }

        return rpc.StatusCode switch
        {
            // Grpc.Net.Client reports some failures of its own side of the wire (a TLS handshake) as INTERNAL;
            // a status with a DebugException was made by the client, never sent by the server.
            _ when rpc.Status.DebugException is not null && Reachability(rpc, address) is { } unreachable => unreachable,
            StatusCode.Unavailable => Reachability(rpc, address) ?? $"cannot reach {address}: {Detail(rpc)}",
            StatusCode.Unauthenticated => $"{address} refused the credentials: {Detail(rpc)} (pass --token?)",
            StatusCode.PermissionDenied => $"{address} refused access: {Detail(rpc)}",
            StatusCode.Unimplemented => $"{address} does not serve chat.v1.ChatService ({Detail(rpc)}) — is it an OrleansChat server?",
            StatusCode.DeadlineExceeded => $"{address} did not answer in time",
            _ => $"{address}: {StatusNames.Of(rpc.StatusCode)}: {Detail(rpc)}",
        };
    }

    /// <summary>A short reason for a failure of an established session or of a call ("server closed the stream").</summary>
    public static string Reason(Exception exception) => exception switch
    {
        RpcException rpc when rpc.Status.Detail.Length > 0 => $"{StatusNames.Of(rpc.StatusCode)}: {rpc.Status.Detail}",
        RpcException rpc => StatusNames.Of(rpc.StatusCode),
        _ => exception.Message,
    };

    /// <summary>A few words for a reconnect line: "connection refused", "the server closed the connection", …</summary>
    public static string ShortReason(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return "unknown host";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return "the server closed the connection";
                case AuthenticationException:
                    return "TLS handshake failed";
            }
        }

        var detail = exception is RpcException rpc ? rpc.Status.Detail : exception.Message;
        if (detail.Contains("refused", StringComparison.OrdinalIgnoreCase))
        {
            return "connection refused";
        }

        if (detail.Contains("closed before the call completed", StringComparison.Ordinal)
            || detail.Contains("ended prematurely", StringComparison.Ordinal)
            || detail.Contains("reset by peer", StringComparison.Ordinal))
        {
            return "the server closed the connection";
        }

        var reason = Reason(exception);
        return reason.Length <= MaxShortReasonLength ? reason : reason[..(MaxShortReasonLength - 1)] + "…";
    }

    /// <summary>True when trying again later may succeed; false for refusals that will not change by themselves.</summary>
    public static bool IsRetryable(Exception exception) => exception is not RpcException rpc || IsRetryable(rpc.StatusCode);

    public static bool IsRetryable(StatusCode code) => code switch
    {
        StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.Unimplemented
            or StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.NotFound
            or StatusCode.AlreadyExists or StatusCode.OutOfRange => false,
        _ => true,
    };

    /// <summary>Failures no loop should catch: the process is out of memory or its stack is broken.</summary>
    public static bool IsFatalForProcess(Exception exception)
        => exception is OutOfMemoryException or StackOverflowException or AccessViolationException;

    private static string? Reachability(Exception exception, ServerAddress address)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return Refused(address);
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return $"cannot reach {address}: unknown host '{address.Host}'";
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return $"cannot reach {address}: connection timed out";
                case SocketException { SocketErrorCode: SocketError.NetworkUnreachable or SocketError.HostUnreachable }:
                    return $"cannot reach {address}: no route to host";
                case AuthenticationException authentication:
                    return $"cannot reach {address}: TLS handshake failed ({authentication.Message}) — check --tls and --ca";
            }
        }

        // Without an inner exception, go by the words of the status detail.
        var text = exception is RpcException rpc ? rpc.Status.Detail : exception.Message;
        if (text.Contains("refused", StringComparison.OrdinalIgnoreCase))
        {
            return Refused(address);
        }

        if (text.Contains("Name or service not known", StringComparison.OrdinalIgnoreCase)
            || text.Contains("No such host", StringComparison.OrdinalIgnoreCase)
            || text.Contains("nodename nor servname", StringComparison.OrdinalIgnoreCase))
        {
            return $"cannot reach {address}: unknown host '{address.Host}'";
        }

        if (text.Contains("SSL", StringComparison.Ordinal) || text.Contains("TLS", StringComparison.Ordinal))
        {
            return $"cannot reach {address}: TLS failed ({text}) — check --tls and --ca";
        }

        return null;
    }

    private static string Refused(ServerAddress address)
        => $"cannot reach {address}: connection refused — {StartServerHint}";

    private static string Detail(RpcException rpc)
        => rpc.Status.Detail.Length > 0 ? rpc.Status.Detail : StatusNames.Of(rpc.StatusCode);
}
