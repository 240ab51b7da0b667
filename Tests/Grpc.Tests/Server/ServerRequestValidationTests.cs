using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

/// <summary>
/// Each malformed request ends with the status the spec gives, while a healthy duplex call on the same HTTP/2
/// connection goes on working.
/// </summary>
public sealed class ServerRequestValidationTests : IAsyncLifetime
{
    private TestGrpcServer _server = null!;
    private RawGrpcClient _client = null!;
    private HealthyDuplexCall _healthy = null!;

    public async Task InitializeAsync()
    {
        _server = await TestGrpcServer.StartAsync(services => services
            .AddGrpcService(TestServices.Echo())
            .AddGrpcHealthChecks());
        _client = _server.CreateClient();
        _healthy = await HealthyDuplexCall.StartAsync(_client);
    }

    public async Task DisposeAsync()
    {
        await _healthy.DisposeAsync();
        _client.Dispose();
        await _server.DisposeAsync();

        // The bad request and the healthy call really shared one HTTP/2 connection.
        Assert.Single(_server.Logs.Entries, e => e.EventId.Name == "ConnectionAccepted");
    }

    [Fact]
    public async Task ContentType_NotGrpc_Http415WithInternalStatus()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.Frame([]), request =>
            request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
        Assert.Equal(StatusCode.Internal, response.Status);
        Assert.Equal("Content-Type 'application/json' is not supported.", response.Message);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task ContentType_GrpcProtoOrWithParameters_Accepted()
    {
        foreach (var contentType in new[] { "application/grpc+proto", "application/grpc; charset=utf-8" })
        {
            var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.Frame(GrpcWire.Utf8("x")), request =>
                request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType));

            Assert.Equal(StatusCode.OK, response.Status);
        }

        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Method_Get_Http405()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test.Echo/Echo") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await _client.SendRawAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task TeHeader_Missing_InternalTrailersOnly()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.Frame([]), request => request.Headers.Remove("te"));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Equal(StatusCode.Internal, response.Status);
        Assert.Equal("Missing te: trailers header.", response.Message);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task LengthPrefix_LargerThanBody_InternalIncompleteMessage()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.FrameWithLength(GrpcWire.Utf8("short"), 100));

        Assert.Equal(StatusCode.Internal, response.Status);
        Assert.Contains("Incomplete message", response.Message, StringComparison.Ordinal);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Message_FiveMiB_ResourceExhausted()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.Frame(new byte[5 * 1024 * 1024]));

        Assert.Equal(StatusCode.ResourceExhausted, response.Status);
        Assert.Equal($"Received message larger than max ({5 * 1024 * 1024} vs. {4 * 1024 * 1024})", response.Message);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Gzip_Corrupt_Internal()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.Frame([0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF], compressedFlag: true), request =>
            request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.Internal, response.Status);
        Assert.Contains("decompress", response.Message, StringComparison.Ordinal);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task CompressedFlag_WithIdentityEncoding_Internal()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.Frame(GrpcWire.Gzip(GrpcWire.Utf8("x")), compressedFlag: true));

        Assert.Equal(StatusCode.Internal, response.Status);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Protobuf_Invalid_InternalFailedToDeserialize()
    {
        // Field 1 (string) claims 10 bytes but only 1 follows.
        var response = await _client.CallAsync("/grpc.health.v1.Health/Check", GrpcWire.Frame([0x0A, 0x0A, 0x41]));

        Assert.Equal(StatusCode.Internal, response.Status);
        Assert.Equal("Failed to deserialize request message.", response.Message);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Encoding_Unknown_UnimplementedListingAcceptedEncodings()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.Frame([]), request =>
            request.Headers.TryAddWithoutValidation("grpc-encoding", "br"));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(StatusCode.Unimplemented, response.Status);
        Assert.Equal("Unsupported grpc-encoding value 'br'. Supported encodings: identity, gzip", response.Message);
        Assert.Equal("identity,gzip", response.Header("grpc-accept-encoding"));
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Service_Unknown_UnimplementedTrailersOnly()
    {
        var response = await _client.CallAsync("/no.Such/Method", GrpcWire.Frame([]));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Equal(StatusCode.Unimplemented, response.Status);
        Assert.Equal("Service is unimplemented.", response.Message);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Method_Unknown_UnimplementedTrailersOnly()
    {
        var response = await _client.CallAsync("/test.Echo/Nope", GrpcWire.Frame([]));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(StatusCode.Unimplemented, response.Status);
        Assert.Equal("Method is unimplemented.", response.Message);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Method_WrongCase_Unimplemented()
    {
        var response = await _client.CallAsync("/test.Echo/echo", GrpcWire.Frame([]));

        Assert.Equal(StatusCode.Unimplemented, response.Status);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Unary_NoRequestMessage_Internal()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", []);

        Assert.Equal(StatusCode.Internal, response.Status);
        Assert.Equal("Incomplete message.", response.Message);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Unary_TwoRequestMessages_Internal()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.Frames(GrpcWire.Utf8("a"), GrpcWire.Utf8("b")));

        Assert.Equal(StatusCode.Internal, response.Status);
        Assert.Equal("Additional data after the message received.", response.Message);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task BinaryMetadata_InvalidBase64_Internal()
    {
        var response = await _client.CallAsync("/test.Echo/Echo", GrpcWire.Frame([]), request =>
            request.Headers.TryAddWithoutValidation("x-broken-bin", "a"));

        Assert.Equal(StatusCode.Internal, response.Status);
        await _healthy.AssertStillWorksAndFinishAsync();
    }

    [Fact]
    public async Task Duplex_RequestStreamTruncated_InternalAfterEarlierMessages()
    {
        await using var call = _client.StartStreaming("/test.Echo/Chat");
        await call.SendAsync(GrpcWire.Utf8("fine"));
        Assert.Equal("fine", System.Text.Encoding.UTF8.GetString((await call.ReadMessageAsync())!));

        await call.SendRawAsync(GrpcWire.FrameWithLength(GrpcWire.Utf8("cut"), 50));
        await call.CompleteRequestAsync();

        var (code, message) = await call.ReadStatusAsync();
        Assert.Equal(StatusCode.Internal, code);
        Assert.Contains("Incomplete message", message, StringComparison.Ordinal);
        await _healthy.AssertStillWorksAndFinishAsync();
    }
}
