using System.Net;
using System.Text;
using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

public sealed class ServerRoundTripTests
{
    [Fact]
    public async Task Unary_OneMessage_EchoedWithGrpcHeadersAndOkTrailer()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Echo/Echo", GrpcWire.Frame(GrpcWire.Utf8("hello")));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("application/grpc", response.Header("content-type"));
        Assert.Equal("identity,gzip", response.Header("grpc-accept-encoding"));
        Assert.Null(response.Header("grpc-encoding"));
        Assert.Equal("0", response.Trailer("grpc-status"));
        Assert.Null(response.Trailer("grpc-message"));
        var message = Assert.Single(response.Messages);
        Assert.False(message.Compressed);
        Assert.Equal("hello", Encoding.UTF8.GetString(message.Payload));
    }

    [Fact]
    public async Task ServerStreaming_Request_EveryMessageThenOk()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Echo/Repeat", GrpcWire.Frame(GrpcWire.Utf8("3:x")));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal(["x#0", "x#1", "x#2"], response.Messages.Select(m => Encoding.UTF8.GetString(m.Payload)));
    }

    [Fact]
    public async Task ServerStreaming_ZeroMessages_TrailersOnlyOk()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Echo/Repeat", GrpcWire.Frame(GrpcWire.Utf8("0:x")));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(StatusCode.OK, response.Status);
    }

    [Fact]
    public async Task ClientStreaming_SeveralMessages_HandlerReadsAll()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        using var client = server.CreateClient();

        var body = GrpcWire.Frames(GrpcWire.Utf8("a"), GrpcWire.Utf8("b"), [], GrpcWire.Utf8("c"));
        var response = await client.CallAsync("/test.Echo/Concat", body);

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal("a,b,,c", Encoding.UTF8.GetString(Assert.Single(response.Messages).Payload));
    }

    [Fact]
    public async Task Duplex_MessagesInterleaved_EachEchoedBeforeRequestEnds()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        using var client = server.CreateClient();
        await using var call = client.StartStreaming("/test.Echo/Chat");

        for (var i = 0; i < 5; i++)
        {
            await call.SendAsync(GrpcWire.Utf8("ping " + i));
            var echoed = await call.ReadMessageAsync().WaitAsync(TestTimeouts.Default);
            Assert.Equal("ping " + i, Encoding.UTF8.GetString(echoed!));
        }

        await call.CompleteRequestAsync();
        Assert.Equal(StatusCode.OK, (await call.ReadStatusAsync()).Code);
    }

    [Fact]
    public async Task Unary_MessageSplitAcrossDataFrames_Reassembled()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        await using var connection = await Http2TestConnection.ConnectAsync(server.Port);

        var frame = GrpcWire.Frame(GrpcWire.Utf8("split message"));
        var stream = await connection.StartRequestAsync("/test.Echo/Echo");
        await connection.SendDataAsync(stream, frame[..2], endStream: false);
        await connection.SendDataAsync(stream, frame[2..7], endStream: false);
        await connection.SendDataAsync(stream, frame[7..], endStream: true);

        var frames = await connection.ReadStreamToEndAsync(stream);
        var data = frames.Where(f => f.Type == Http2FrameType.Data).SelectMany(f => f.Payload).ToArray();
        Assert.Equal(frame, data);
        Assert.Equal("0", frames[^1].Header("grpc-status"));
    }

    [Fact]
    public async Task Metadata_AsciiAndBinaryPaddedOrUnpadded_ReachHandlerAndComeBack()
    {
        Metadata? seen = null;
        var service = TestServices.Unary("Meta", async (request, context) =>
        {
            seen = context.RequestHeaders;
            await context.WriteResponseHeadersAsync(new Metadata { { "x-initial", "first" }, { "x-initial-bin", new byte[] { 1, 2, 3, 4 } } });
            context.ResponseTrailers.Add("x-trailer", "last");
            context.ResponseTrailers.Add("x-trailer-bin", new byte[] { 0xFF, 0xFE });
            return request;
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Meta", GrpcWire.Frame(GrpcWire.Utf8("m")), request =>
        {
            request.Headers.TryAddWithoutValidation("x-plain", "value 1");
            request.Headers.TryAddWithoutValidation("x-padded-bin", "AQI=");
            request.Headers.TryAddWithoutValidation("x-unpadded-bin", "AQI");
        });

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.NotNull(seen);
        Assert.Equal("value 1", seen!.GetValue("x-plain"));
        Assert.Equal(new byte[] { 1, 2 }, seen.GetValueBytes("x-padded-bin"));
        Assert.Equal(new byte[] { 1, 2 }, seen.GetValueBytes("x-unpadded-bin"));
        Assert.DoesNotContain(seen, e => e.Key is "te" or "content-type" or "grpc-timeout");
        Assert.Equal("first", response.Header("x-initial"));
        Assert.Equal("AQIDBA", response.Header("x-initial-bin"));
        Assert.Equal("last", response.Trailer("x-trailer"));
        Assert.Equal("//4", response.Trailer("x-trailer-bin"));
    }

    [Fact]
    public async Task Context_Loopback_PeerMethodHostAndDeadline()
    {
        (string Peer, string Method, string Host, DateTime Deadline)? seen = null;
        var service = TestServices.Unary("Who", (request, context) =>
        {
            seen = (context.Peer, context.Method, context.Host, context.Deadline);
            return Task.FromResult(request);
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Who", GrpcWire.Frame([]));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.NotNull(seen);
        Assert.Matches(@"^ipv4:127\.0\.0\.1:\d+$", seen.Value.Peer);
        Assert.Equal("/test.Custom/Who", seen.Value.Method);
        Assert.Equal("127.0.0.1:" + server.Port, seen.Value.Host);
        Assert.Equal(DateTime.MaxValue, seen.Value.Deadline);
    }

    [Fact]
    public async Task Unary_HandlerSetsErrorStatus_TrailersOnlyWithThatStatusAndNoMessage()
    {
        var service = TestServices.Unary("Fail", (request, context) =>
        {
            context.Status = new Status(StatusCode.FailedPrecondition, "not now");
            context.ResponseTrailers.Add("x-why", "because");
            return Task.FromResult(request);
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Fail", GrpcWire.Frame([]));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(StatusCode.FailedPrecondition, response.Status);
        Assert.Equal("not now", response.Message);
        Assert.Equal("because", response.Header("x-why"));
    }

    [Fact]
    public async Task WriteResponseHeaders_Twice_SecondThrows()
    {
        Exception? second = null;
        var service = TestServices.Unary("Twice", async (request, context) =>
        {
            await context.WriteResponseHeadersAsync([]);
            second = await Record.ExceptionAsync(() => context.WriteResponseHeadersAsync([]));
            return request;
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Twice", GrpcWire.Frame([]));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.IsType<InvalidOperationException>(second);
    }
}
