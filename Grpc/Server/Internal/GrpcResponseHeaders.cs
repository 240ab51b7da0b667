using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>Writes gRPC status and metadata into HTTP response headers or trailers.</summary>
internal static class GrpcResponseHeaders
{
    /// <summary>
    /// Ends a request that never reached a handler: one HEADERS frame with END_STREAM carrying the HTTP status,
    /// <c>content-type</c>, <c>grpc-status</c> and <c>grpc-message</c> (the spec's Trailers-Only response).
    /// </summary>
    public static Task WriteTrailersOnlyAsync(HttpResponse response, int httpStatusCode, Status status, string acceptEncoding)
    {
        response.StatusCode = httpStatusCode;
        response.ContentType = GrpcProtocolConstants.GrpcContentType;
        response.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader] = acceptEncoding;
        SetStatus(response.Headers, status);
        return response.CompleteAsync();
    }

    /// <summary>Puts <c>grpc-status</c> and <c>grpc-message</c> in the response headers (Trailers-Only).</summary>
    public static void SetStatus(IHeaderDictionary headers, Status status)
        => WriteStatus(status, (name, value) => headers[name] = value);

    /// <summary>Appends <c>grpc-status</c> and <c>grpc-message</c> to the response trailers.</summary>
    public static void AppendStatusTrailers(HttpResponse response, Status status)
        => WriteStatus(status, (name, value) => response.AppendTrailer(name, value));

    private static void WriteStatus(Status status, Action<string, string> write)
    {
        write(GrpcProtocolConstants.StatusTrailer, ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(status.Detail))
        {
            // grpc-message is percent-encoded UTF-8 (PROTOCOL-HTTP2.md); the header value stays printable ASCII.
            write(GrpcProtocolConstants.MessageTrailer, PercentEncoding.Encode(status.Detail));
        }
    }

    /// <summary>Appends metadata entries; reserved names and values that are not printable ASCII are dropped and logged.</summary>
    public static void AppendMetadata(Metadata metadata, Action<string, string> append, ILogger logger)
    {
        foreach (var entry in metadata)
        {
            if (MetadataHeaders.IsReserved(entry.Key) || entry.Key.StartsWith("grpc-", StringComparison.Ordinal))
            {
                GrpcServerLog.InvalidMetadataDropped(logger, entry.Key);
                continue;
            }

            if (!entry.IsBinary && !IsPrintableAscii(entry.Value))
            {
                GrpcServerLog.InvalidMetadataDropped(logger, entry.Key);
                continue;
            }

            append(entry.Key, MetadataHeaders.FormatValue(entry));
        }
    }

    private static bool IsPrintableAscii(string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
