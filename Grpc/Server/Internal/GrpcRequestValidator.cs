using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>
/// The checks every request passes before it reaches a handler, in this order: POST (else HTTP 405),
/// a gRPC content-type (else HTTP 415), HTTP/2 (else HTTP 426), <c>te: trailers</c> (else INTERNAL, as grpc core
/// answers). A failed check ends the request with its <c>grpc-status</c> in the response headers.
/// </summary>
internal static class GrpcRequestValidator
{
    /// <summary>Returns null when the request may go on; otherwise the task that writes the error response.</summary>
    public static Task? Validate(HttpContext httpContext, ServerCallHandlerServices services)
    {
        var request = httpContext.Request;
        var logger = services.Logger;

        if (!HttpMethods.IsPost(request.Method))
        {
            httpContext.Response.Headers.Allow = HttpMethods.Post;
            return GrpcResponseHeaders.WriteTrailersOnlyAsync(
                httpContext.Response,
                StatusCodes.Status405MethodNotAllowed,
                new Status(StatusCode.Internal, $"Method '{request.Method}' is not supported: gRPC requests are POST."),
                services.AcceptEncoding);
        }

        if (!GrpcProtocolConstants.IsGrpcContentType(request.ContentType))
        {
            GrpcServerLog.UnsupportedRequestContentType(logger, request.ContentType);
            var detail = string.IsNullOrEmpty(request.ContentType)
                ? "Content-Type is missing from the request."
                : $"Content-Type '{request.ContentType}' is not supported.";
            return GrpcResponseHeaders.WriteTrailersOnlyAsync(
                httpContext.Response, StatusCodes.Status415UnsupportedMediaType, new Status(StatusCode.Internal, detail), services.AcceptEncoding);
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            GrpcServerLog.UnsupportedRequestProtocol(logger, request.Protocol);
            return GrpcResponseHeaders.WriteTrailersOnlyAsync(
                httpContext.Response,
                StatusCodes.Status426UpgradeRequired,
                new Status(StatusCode.Internal, $"Request protocol '{request.Protocol}' is not supported."),
                services.AcceptEncoding);
        }

        var te = request.Headers[GrpcProtocolConstants.TeHeader];
        if (!HasTrailers(te))
        {
            GrpcServerLog.InvalidTeHeader(logger, te.ToString());
            var detail = StringValues.IsNullOrEmpty(te)
                ? "Missing te: trailers header."
                : $"Bad te header '{te}': expected 'trailers'.";
            return GrpcResponseHeaders.WriteTrailersOnlyAsync(
                httpContext.Response, StatusCodes.Status200OK, new Status(StatusCode.Internal, detail), services.AcceptEncoding);
        }

        return null;
    }

    private static bool HasTrailers(StringValues te)
    {
        foreach (var value in te)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
            {
                var token = part.Split(';', 2)[0].Trim();
                if (token.Equals(GrpcProtocolConstants.TeTrailers, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
