using System.IO.Compression;
using System.Text;
using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

public sealed class ServerCompressionTests
{
    private const string AcceptGzip = "identity,deflate,gzip";

    [Fact]
    public async Task Request_GzipCompressedMessage_Decompressed()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Echo/Echo", GrpcWire.Frame(GrpcWire.Gzip(GrpcWire.Utf8("zipped")), compressedFlag: true), request =>
            request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal("zipped", Encoding.UTF8.GetString(Assert.Single(response.Messages).Payload));
    }

    [Fact]
    public async Task Request_GzipEncodingButUncompressedFlag_Accepted()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Echo/Concat", GrpcWire.Frame(GrpcWire.Gzip(GrpcWire.Utf8("a")), compressedFlag: true).Concat(GrpcWire.Frame(GrpcWire.Utf8("b"))).ToArray(), request =>
            request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal("a,b", Encoding.UTF8.GetString(Assert.Single(response.Messages).Payload));
    }

    [Fact]
    public async Task Request_PerMessageCompressedFlag_VisibleToHandler()
    {
        var flags = new List<bool?>();
        var service = ServerServiceDefinition.CreateBuilder("test.Custom")
            .AddMethod(TestServices.Method(MethodType.ClientStreaming, "Flags", "test.Custom"), async (requests, context) =>
            {
                flags.Add(context.IsLastRequestMessageCompressed());
                while (await requests.MoveNext(context.CancellationToken))
                {
                    flags.Add(context.IsLastRequestMessageCompressed());
                }

                return context.GetHttpContext().Request.Headers["grpc-encoding"].ToString();
            })
            .Build();
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var body = GrpcWire.Frame(GrpcWire.Gzip(GrpcWire.Utf8("a")), compressedFlag: true).Concat(GrpcWire.Frame(GrpcWire.Utf8("b"))).ToArray();
        var response = await client.CallAsync("/test.Custom/Flags", body, request => request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal([null, true, false], flags);
        Assert.Equal("gzip", Encoding.UTF8.GetString(Assert.Single(response.Messages).Payload));
    }

    [Fact]
    public async Task Request_GzipDecompressesBeyondMaxReceive_ResourceExhausted()
    {
        await using var server = await TestGrpcServer.StartAsync(s => s.AddGrpcService(TestServices.Echo()), grpc => grpc.MaxReceiveMessageSize = 1000);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Echo/Echo", GrpcWire.Frame(GrpcWire.Gzip(new byte[10_000]), compressedFlag: true), request =>
            request.Headers.TryAddWithoutValidation("grpc-encoding", "gzip"));

        Assert.Equal(StatusCode.ResourceExhausted, response.Status);
    }

    [Fact]
    public async Task ResponseCompressionOption_ClientAcceptsGzip_MessagesCompressed()
    {
        await using var server = await TestGrpcServer.StartAsync(s => s.AddGrpcService(TestServices.Echo()), grpc =>
        {
            grpc.ResponseCompressionAlgorithm = "gzip";
            grpc.ResponseCompressionLevel = CompressionLevel.SmallestSize;
        });
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Echo/Repeat", GrpcWire.Frame(GrpcWire.Utf8("2:squeeze")), request =>
            request.Headers.TryAddWithoutValidation("grpc-accept-encoding", AcceptGzip));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal("gzip", response.Header("grpc-encoding"));
        Assert.All(response.Messages, m => Assert.True(m.Compressed));
        Assert.Equal(["squeeze#0", "squeeze#1"], response.Messages.Select(m => Encoding.UTF8.GetString(GrpcWire.Gunzip(m.Payload))));
    }

    [Fact]
    public async Task ResponseCompressionOption_ClientAcceptsOnlyIdentity_NotCompressed()
    {
        await using var server = await TestGrpcServer.StartAsync(s => s.AddGrpcService(TestServices.Echo()), grpc => grpc.ResponseCompressionAlgorithm = "gzip");
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Echo/Echo", GrpcWire.Frame(GrpcWire.Utf8("plain")));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Null(response.Header("grpc-encoding"));
        var message = Assert.Single(response.Messages);
        Assert.False(message.Compressed);
        Assert.Equal("plain", Encoding.UTF8.GetString(message.Payload));
    }

    [Fact]
    public async Task HandlerRequestsGzipThroughInternalHeader_CompressedAndHeaderNotSent()
    {
        var service = TestServices.Unary("Zip", async (request, context) =>
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "grpc-internal-encoding-request", "gzip" }, { "x-echo", "1" } });
            return request;
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Zip", GrpcWire.Frame(GrpcWire.Utf8("inside")), request =>
            request.Headers.TryAddWithoutValidation("grpc-accept-encoding", AcceptGzip));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal("gzip", response.Header("grpc-encoding"));
        Assert.Equal("1", response.Header("x-echo"));
        Assert.Null(response.Header("grpc-internal-encoding-request"));
        var message = Assert.Single(response.Messages);
        Assert.True(message.Compressed);
        Assert.Equal("inside", Encoding.UTF8.GetString(GrpcWire.Gunzip(message.Payload)));
    }

    [Fact]
    public async Task WriteOptionsNoCompress_PerMessage_FlagClearedForThatMessageOnly()
    {
        var service = TestServices.ServerStreaming("Mixed", async (request, responses, context) =>
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "grpc-internal-encoding-request", "gzip" } });
            await responses.WriteAsync("compressed 1");
            responses.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
            await responses.WriteAsync("plain");
            responses.WriteOptions = null;
            await responses.WriteAsync("compressed 2");
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Mixed", GrpcWire.Frame([]), request =>
            request.Headers.TryAddWithoutValidation("grpc-accept-encoding", AcceptGzip));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal([true, false, true], response.Messages.Select(m => m.Compressed));
        Assert.Equal(
            ["compressed 1", "plain", "compressed 2"],
            response.Messages.Select(m => Encoding.UTF8.GetString(m.Compressed ? GrpcWire.Gunzip(m.Payload) : m.Payload)));
    }
}
