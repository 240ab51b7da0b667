using System.Text;
using OrleansChat.Grpc.Internal;
using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

public sealed class ServerStatusTests
{
    [Fact]
    public async Task Handler_ThrowsException_UnknownWithGenericMessage()
    {
        var service = TestServices.Unary("Boom", (_, _) => throw new InvalidOperationException("secret detail"));
        await using var server = await TestGrpcServer.StartAsync(service);
        server.ExpectError("ErrorExecutingServiceMethod");
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Boom", GrpcWire.Frame([]));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(StatusCode.Unknown, response.Status);
        Assert.Equal("Exception was thrown by handler.", response.Message);
        Assert.Contains(server.Logs.Entries, e => e.EventId.Name == "ErrorExecutingServiceMethod" && e.Exception?.Message == "secret detail");
    }

    [Fact]
    public async Task Handler_ThrowsWithDetailedErrors_UnknownWithExceptionMessage()
    {
        var service = TestServices.Unary("Boom", (_, _) => throw new InvalidOperationException("shown detail"));
        await using var server = await TestGrpcServer.StartAsync(s => s.AddGrpcService(service), grpc => grpc.EnableDetailedErrors = true);
        server.ExpectError("ErrorExecutingServiceMethod");
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Boom", GrpcWire.Frame([]));

        Assert.Equal(StatusCode.Unknown, response.Status);
        Assert.Equal("Exception was thrown by handler. InvalidOperationException: shown detail", response.Message);
    }

    [Fact]
    public async Task Handler_ThrowsRpcException_ItsStatusAndTrailers()
    {
        var service = TestServices.Unary("Denied", (_, _) =>
            throw new RpcException(new Status(StatusCode.PermissionDenied, "no entry"), new Metadata { { "x-reason", "policy" } }));
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Denied", GrpcWire.Frame([]));

        Assert.Equal(StatusCode.PermissionDenied, response.Status);
        Assert.Equal("no entry", response.Message);
        Assert.Equal("policy", response.Header("x-reason"));
    }

    [Fact]
    public async Task StatusMessage_TabsNewlinesAndNonBmp_PercentEncoded()
    {
        const string detail = "tab\there\nnew line % done \U0001F600 ü";
        var service = TestServices.Unary("Odd", (_, _) => throw new RpcException(new Status(StatusCode.InvalidArgument, detail)));
        await using var server = await TestGrpcServer.StartAsync(service);
        await using var connection = await Http2TestConnection.ConnectAsync(server.Port);

        var stream = await connection.StartRequestAsync("/test.Custom/Odd");
        await connection.SendDataAsync(stream, GrpcWire.Frame([]), endStream: true);
        var frames = await connection.ReadStreamToEndAsync(stream);

        var raw = frames[^1].Header("grpc-message");
        Assert.Equal("tab%09here%0Anew line %25 done %F0%9F%98%80 %C3%BC", raw);
        Assert.Equal(detail, PercentEncoding.Decode(raw!));
    }

    [Fact]
    public async Task ImmediateError_TrailersOnly_SingleHeadersFrameWithEndStream()
    {
        var service = TestServices.Unary("NotFound", (_, _) => throw new RpcException(new Status(StatusCode.NotFound, "missing")));
        await using var server = await TestGrpcServer.StartAsync(service);
        await using var connection = await Http2TestConnection.ConnectAsync(server.Port);

        var stream = await connection.StartRequestAsync("/test.Custom/NotFound");
        await connection.SendDataAsync(stream, GrpcWire.Frame([]), endStream: true);
        var frames = await connection.ReadStreamToEndAsync(stream);

        var only = Assert.Single(frames);
        Assert.Equal(Http2FrameType.Headers, only.Type);
        Assert.True(only.EndStream);
        Assert.Equal("200", only.Header(":status"));
        Assert.Equal("application/grpc", only.Header("content-type"));
        Assert.Equal("5", only.Header("grpc-status"));
        Assert.Equal("missing", only.Header("grpc-message"));
    }

    [Fact]
    public async Task UnknownMethod_TrailersOnly_SingleHeadersFrameWithEndStream()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        await using var connection = await Http2TestConnection.ConnectAsync(server.Port);

        var stream = await connection.StartRequestAsync("/test.Echo/Missing", endStream: true);
        var frames = await connection.ReadStreamToEndAsync(stream);

        var only = Assert.Single(frames);
        Assert.True(only.EndStream);
        Assert.Equal("12", only.Header("grpc-status"));
    }

    [Fact]
    public async Task Unary_Success_HeadersDataThenTrailersFrames()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        await using var connection = await Http2TestConnection.ConnectAsync(server.Port);

        var stream = await connection.StartRequestAsync("/test.Echo/Echo");
        await connection.SendDataAsync(stream, GrpcWire.Frame(GrpcWire.Utf8("hi")), endStream: true);
        var frames = await connection.ReadStreamToEndAsync(stream);

        Assert.Equal(Http2FrameType.Headers, frames[0].Type);
        Assert.False(frames[0].EndStream);
        Assert.Equal("200", frames[0].Header(":status"));
        Assert.Equal("application/grpc", frames[0].Header("content-type"));
        Assert.Null(frames[0].Header("grpc-status"));
        Assert.Equal(GrpcWire.Frame(GrpcWire.Utf8("hi")), frames.Where(f => f.Type == Http2FrameType.Data).SelectMany(f => f.Payload).ToArray());
        Assert.Equal(Http2FrameType.Headers, frames[^1].Type);
        Assert.True(frames[^1].EndStream);
        Assert.Equal("0", frames[^1].Header("grpc-status"));
        Assert.Null(frames[^1].Header("grpc-message"));
    }

    [Fact]
    public async Task TeHeader_MissingOnRawStream_InternalTrailersOnly()
    {
        await using var server = await TestGrpcServer.StartAsync(TestServices.Echo());
        await using var connection = await Http2TestConnection.ConnectAsync(server.Port);

        var stream = await connection.StartRequestAsync("/test.Echo/Echo", includeTe: false);
        await connection.SendDataAsync(stream, GrpcWire.Frame([]), endStream: true);
        var frames = await connection.ReadStreamToEndAsync(stream);

        var first = frames[0];
        Assert.Equal(Http2FrameType.Headers, first.Type);
        Assert.True(first.EndStream);
        Assert.Equal("13", first.Header("grpc-status"));
        Assert.Equal("Missing te: trailers header.", first.Header("grpc-message"));
    }

    [Fact]
    public async Task ServerStreaming_HandlerThrowsAfterMessages_MessagesThenStatus()
    {
        var service = TestServices.ServerStreaming("Partial", async (request, responses, context) =>
        {
            await responses.WriteAsync("one");
            await responses.WriteAsync("two");
            throw new RpcException(new Status(StatusCode.Aborted, "stopped"));
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Partial", GrpcWire.Frame([]));

        Assert.Equal(["one", "two"], response.Messages.Select(m => Encoding.UTF8.GetString(m.Payload)));
        Assert.Equal(StatusCode.Aborted, response.Status);
        Assert.Equal("stopped", response.Message);
    }

    [Fact]
    public async Task ServerStreaming_MessageLargerThanMaxSend_ResourceExhausted()
    {
        var service = TestServices.ServerStreaming("Big", (request, responses, context) => responses.WriteAsync(new string('x', 100)));
        await using var server = await TestGrpcServer.StartAsync(s => s.AddGrpcService(service), grpc => grpc.MaxSendMessageSize = 10);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Big", GrpcWire.Frame([]));

        Assert.Equal(StatusCode.ResourceExhausted, response.Status);
        Assert.Equal("Sending message exceeds the maximum configured message size.", response.Message);
    }
}
