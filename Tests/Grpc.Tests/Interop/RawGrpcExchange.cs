using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;

namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>
/// One gRPC call made with a bare <see cref="HttpClient"/> (HTTP/2 only, h2c with prior knowledge or TLS),
/// independent of our client, so a test can see what a gRPC API hides: each response message's
/// compressed flag (interop-test-descriptions.md, server_compressed_*: "MUST have the compressed flag set").
/// </summary>
internal static class RawGrpcExchange
{
    private const int MessageHeaderSize = 5;

    public static async Task<RawGrpcResponse> CallAsync(
        InteropServerProcess server,
        IMethod method,
        IMessage request,
        CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler();
        if (server.Transport == InteropTransport.Tls)
        {
            var root = server.LoadCertificate();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(certificate, errors, root);
        }

        using var client = new HttpClient(handler);
        using var httpRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(request.ToByteArray())),
        };
        httpRequest.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        httpRequest.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        httpRequest.Headers.Add("grpc-accept-encoding", "identity,gzip");

        using var response = await client.SendAsync(httpRequest, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        var encoding = response.Headers.TryGetValues("grpc-encoding", out var values) ? values.Single() : null;
        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var statusValues)
            ? statusValues.Single()
            : response.Headers.TryGetValues("grpc-status", out var trailersOnly) ? trailersOnly.Single() : null;
        return new RawGrpcResponse((int)response.StatusCode, encoding, ReadMessages(body, encoding), status);
    }

    private static byte[] Frame(byte[] message)
    {
        var framed = new byte[MessageHeaderSize + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, MessageHeaderSize);
        return framed;
    }

    private static List<RawGrpcMessage> ReadMessages(byte[] body, string? encoding)
    {
        var messages = new List<RawGrpcMessage>();
        var offset = 0;
        while (offset < body.Length)
        {
            Assert.True(body.Length - offset >= MessageHeaderSize, "The response body ends inside a message header.");
            var compressed = body[offset] switch
            {
                0 => false,
                1 => true,
                var flag => throw new InvalidDataException($"Invalid compressed flag {flag}."),
            };
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            offset += MessageHeaderSize;
            Assert.True(body.Length - offset >= length, "The response body ends inside a message.");
            var payload = body.AsSpan(offset, length).ToArray();
            offset += length;

            if (compressed)
            {
                Assert.Equal("gzip", encoding);
                payload = Gunzip(payload);
            }

            messages.Add(new RawGrpcMessage(compressed, payload));
        }

        return messages;
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Trusts exactly the server's self-signed certificate; the name is checked as usual (127.0.0.1 is in its SAN).</summary>
    private static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 root)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}

internal sealed record RawGrpcMessage(bool Compressed, byte[] Payload);

internal sealed record RawGrpcResponse(int HttpStatus, string? GrpcEncoding, IReadOnlyList<RawGrpcMessage> Messages, string? GrpcStatus);
