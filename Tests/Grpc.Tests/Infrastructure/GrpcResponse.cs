using System.Net;
using System.Net.Http.Headers;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>A whole gRPC response as the client saw it.</summary>
internal sealed record GrpcResponse(
    HttpStatusCode HttpStatus,
    IReadOnlyDictionary<string, string[]> Headers,
    IReadOnlyDictionary<string, string[]> Trailers,
    byte[] Body,
    StatusCode? Status,
    string? Message)
{
    /// <summary>The status came in the response headers (Trailers-Only) and nothing followed.</summary>
    public bool IsTrailersOnly => Headers.ContainsKey("grpc-status") && Trailers.Count == 0 && Body.Length == 0;

    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;

    public string? Trailer(string name) => Trailers.TryGetValue(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The response messages, as (compressed flag, payload).</summary>
    public IReadOnlyList<(bool Compressed, byte[] Payload)> Messages
    {
        get
        {
            var messages = new List<(bool, byte[])>();
            var offset = 0;
            while (offset < Body.Length)
            {
                var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(Body.AsSpan(offset + 1));
                messages.Add((Body[offset] == 1, Body.AsSpan(offset + 5, length).ToArray()));
                offset += 5 + length;
            }

            return messages;
        }
    }

    public static GrpcResponse Create(HttpResponseMessage response, byte[] body)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToArray());
        var trailers = response.TrailingHeaders.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToArray());
        var (code, message) = response.TrailingHeaders.Contains("grpc-status") || response.Headers.Contains("grpc-status")
            ? ReadStatus(response.Headers, response.TrailingHeaders)
            : ((StatusCode?)null, (string?)null);
        return new GrpcResponse(response.StatusCode, headers, trailers, body, code, message);
    }

    public static (StatusCode Code, string Message) ReadStatus(HttpHeaders headers, HttpHeaders trailers)
    {
        var source = trailers.Contains("grpc-status") ? trailers : headers;
        var code = (StatusCode)int.Parse(source.GetValues("grpc-status").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var message = source.TryGetValues("grpc-message", out var values) ? PercentEncoding.Decode(values.Single()) : string.Empty;
        return (code, message);
    }
}
