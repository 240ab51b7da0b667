using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OrleansChat.Grpc.Client;
using OrleansChat.Grpc.Internal;
using Peer;

namespace OrleansChat.Grpc.Tests.Client;

/// <summary>
/// What the client sends, and how it reads responses that a well-behaved gRPC server does not produce on
/// purpose: HTTP errors, bad content types, missing statuses, stream resets, oversize or extra messages.
/// The server is Kestrel answering with a scripted handler.
/// </summary>
public sealed class ClientProtocolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly byte[] Reply = new EchoReply { Message = "reply" }.ToByteArray();

    [Fact]
    public async Task Request_CarriesTheCallDefinitionHeadersAndCustomMetadata()
    {
        var seen = new TaskCompletionSource<Dictionary<string, string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var protocol = string.Empty;
        var path = string.Empty;
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            (protocol, path) = (context.Request.Protocol, context.Request.Path.Value!);
            seen.TrySetResult(context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
            await context.Request.Body.CopyToAsync(Stream.Null);
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await ScriptedHttp2Server.WriteMessageAsync(context, Reply);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        var headers = new Metadata
        {
            { "grpc-internal-encoding-request", "gzip" },
            { "x-text", "value" },
            { "x-data-bin", new byte[] { 1, 2, 3, 4 } },
        };
        var options = new CallOptions(Headers: headers, Deadline: DateTime.UtcNow.AddMinutes(5));

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest(), options);
        await call.ResponseAsync.WaitAsync(Timeout);
        var request = await seen.Task.WaitAsync(Timeout);

        Assert.Equal(("HTTP/2", "/peer.Echo/Unary"), (protocol, path));
        Assert.Equal("application/grpc", request["content-type"]);
        Assert.Equal("trailers", request["te"]);
        Assert.Equal("identity,gzip", request["grpc-accept-encoding"]);
        Assert.Equal("gzip", request["grpc-encoding"]);
        Assert.StartsWith("grpc-dotnet-orleanschat/", request["user-agent"], StringComparison.Ordinal);
        Assert.True(GrpcTimeout.TryParse(request["grpc-timeout"], out var timeout) && timeout > TimeSpan.FromMinutes(4) && timeout <= TimeSpan.FromMinutes(5));
        Assert.Equal("value", request["x-text"]);
        Assert.Equal("AQIDBA", request["x-data-bin"]);
        Assert.False(request.ContainsKey("grpc-internal-encoding-request"));
    }

    [Theory]
    [InlineData(400, StatusCode.Internal)]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    [InlineData(404, StatusCode.Unimplemented)]
    [InlineData(429, StatusCode.Unavailable)]
    [InlineData(502, StatusCode.Unavailable)]
    [InlineData(503, StatusCode.Unavailable)]
    [InlineData(504, StatusCode.Unavailable)]
    [InlineData(500, StatusCode.Unknown)]
    [InlineData(302, StatusCode.Unknown)]
    public async Task HttpStatusWithoutGrpcStatus_MapsToTheSpecTableNamingTheHttpStatus(int httpStatus, StatusCode expected)
    {
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            context.Response.StatusCode = httpStatus;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("not grpc");
        });

        var error = await UnaryErrorAsync(server);

        Assert.Equal(expected, error.StatusCode);
        Assert.Contains(httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http200WithHtmlContentType_FailsWithUnknownNamingTheContentType()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html></html>");
        });

        var error = await UnaryErrorAsync(server);

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Contains("text/html", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrailersOnlyResponse_StatusAndTrailersComeFromTheHeaders()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "7";
            context.Response.Headers["grpc-message"] = "no%20way%20%F0%9F%98%80";
            context.Response.Headers["x-why"] = "policy";
            return Task.CompletedTask;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest());

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));
        var headersError = await Assert.ThrowsAsync<RpcException>(() => call.ResponseHeadersAsync.WaitAsync(Timeout));

        Assert.Equal(new Status(StatusCode.PermissionDenied, "no way 😀"), error.Status);
        Assert.Equal(error.Status, headersError.Status);
        Assert.Equal("policy", call.GetTrailers().GetValue("x-why"));
        Assert.Equal("policy", error.Trailers.GetValue("x-why"));
    }

    [Fact]
    public async Task GrpcMessageInRawUtf8_IsReadLeniently()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "9";
            context.Response.Headers["grpc-message"] = "raw ü 😀 and 50%";
            return Task.CompletedTask;
        });

        var error = await UnaryErrorAsync(server);

        Assert.Equal(new Status(StatusCode.FailedPrecondition, "raw ü 😀 and 50%"), error.Status);
    }

    [Fact]
    public async Task TrailersWithoutGrpcStatus_FailsAsNoStatusReceived()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await ScriptedHttp2Server.WriteMessageAsync(context, Reply);
            context.Response.AppendTrailer("x-other", "1");
        });

        var error = await UnaryErrorAsync(server);

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Contains("no status received", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseEndingWithoutTrailers_FailsWithInternal()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await ScriptedHttp2Server.WriteMessageAsync(context, Reply);
        });

        var error = await UnaryErrorAsync(server);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("no status received", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseWithUnsupportedGrpcEncoding_FailsWithInternalNamingIt()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            await ScriptedHttp2Server.StartGrpcResponseAsync(context, ("grpc-encoding", "br"));
            await ScriptedHttp2Server.WriteMessageAsync(context, Reply, compressedFlag: true);
            context.Response.AppendTrailer("grpc-status", "0");
        });

        var error = await UnaryErrorAsync(server);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("'br'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResponseMessageOverMaxReceiveSize_FailsWithResourceExhaustedAndResetsTheStream()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await ScriptedHttp2Server.WriteMessageAsync(context, new byte[2048]);
            await context.Response.Body.FlushAsync();
            await aborted.Task;
        });
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions { MaxReceiveMessageSize = 1024 });
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest());

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        await aborted.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task UnaryResponseWithTwoMessages_FailsWithInternal()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await ScriptedHttp2Server.WriteMessageAsync(context, Reply);
            await ScriptedHttp2Server.WriteMessageAsync(context, Reply);
            context.Response.AppendTrailer("grpc-status", "0");
        });

        var error = await UnaryErrorAsync(server);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task UnaryResponseOkWithoutMessage_FailsWithInternal()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            context.Response.AppendTrailer("grpc-status", "0");
        });

        var error = await UnaryErrorAsync(server);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Theory]
    [InlineData(0x0, StatusCode.Internal)]
    [InlineData(0x1, StatusCode.Internal)]
    [InlineData(0x2, StatusCode.Internal)]
    [InlineData(0x3, StatusCode.Internal)]
    [InlineData(0x7, StatusCode.Unavailable)]
    [InlineData(0x8, StatusCode.Cancelled)]
    [InlineData(0xb, StatusCode.ResourceExhausted)]
    [InlineData(0xc, StatusCode.PermissionDenied)]
    public async Task StreamResetByTheServer_MapsTheHttp2ErrorCodeAsTheSpecSays(int errorCode, StatusCode expected)
    {
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            context.Features.Get<IHttpResetFeature>()!.Reset(errorCode);
        });

        var error = await UnaryErrorAsync(server);

        Assert.Equal(expected, error.StatusCode);
    }

    [Fact]
    public async Task StreamResetAfterAMessage_ReadsTheMessageThenFailsWithTheMappedStatus()
    {
        var messageRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await ScriptedHttp2Server.WriteMessageAsync(context, Reply);
            await context.Response.Body.FlushAsync();
            await messageRead.Task;
            context.Features.Get<IHttpResetFeature>()!.Reset(0xb);
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest());

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        messageRead.SetResult();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("too_many_pings", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_ServerNeverAnswers_FailsWithDeadlineExceededAndResetsTheStream()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await aborted.Task;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(
            EchoMethods.Unary, new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(200)));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        await aborted.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task DeadlineAlreadyPassed_FailsAtOnceWithoutSendingTheCall()
    {
        var requests = 0;
        await using var server = await ScriptedHttp2Server.StartAsync(_ =>
        {
            Interlocked.Increment(ref requests);
            return Task.CompletedTask;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(
            EchoMethods.Unary, new EchoRequest(), new CallOptions(Deadline: DateTime.UtcNow.AddSeconds(-1)));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(0, Volatile.Read(ref requests));
    }

    [Fact]
    public async Task DisposeAfterResponseHeaders_ResetsTheStreamSoTheHandlerSeesTheCancel()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await aborted.Task;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        var call = channel.CreateCallInvoker().AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest());
        await call.ResponseHeadersAsync.WaitAsync(Timeout);

        call.Dispose();

        await aborted.Task.WaitAsync(Timeout);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task MoveNextTokenCancelled_CancelsTheCall()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await aborted.Task;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest());
        using var cancellation = new CancellationTokenSource();

        var read = call.ResponseStream.MoveNext(cancellation.Token);
        await call.ResponseHeadersAsync.WaitAsync(Timeout);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => read.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        await aborted.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Duplex_SecondWriteWhileTheFirstIsBlockedByFlowControl_ThrowsInvalidOperation()
    {
        // The handler never reads, so once the HTTP/2 windows are full the first write cannot complete.
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await aborted.Task;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(EchoMethods.Duplex);
        await call.ResponseHeadersAsync.WaitAsync(Timeout);
        var big = new EchoRequest { Payload = ByteString.CopyFrom(new byte[8 * 1024 * 1024]) };

        var first = call.RequestStream.WriteAsync(big);
        var second = call.RequestStream.WriteAsync(new EchoRequest());

        await Assert.ThrowsAsync<InvalidOperationException>(() => second.WaitAsync(Timeout));
        Assert.False(first.IsCompleted);
        call.Dispose();
        var error = await Assert.ThrowsAsync<RpcException>(() => first.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task ClientStreaming_ServerFailsEarly_LaterWritesThrowTheCallsStatus()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(context =>
        {
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "3";
            context.Response.Headers["grpc-message"] = "bad stream";
            return Task.CompletedTask;
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(EchoMethods.ClientStream);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));
        var writeError = await Assert.ThrowsAsync<RpcException>(() => call.RequestStream.WriteAsync(new EchoRequest()).WaitAsync(Timeout));

        Assert.Equal(new Status(StatusCode.InvalidArgument, "bad stream"), error.Status);
        Assert.Equal(error.Status, writeError.Status);
    }

    [Fact]
    public async Task ClientStreaming_WriteAfterComplete_ThrowsInvalidOperation()
    {
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await ScriptedHttp2Server.WriteMessageAsync(context, Reply);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(EchoMethods.ClientStream);

        await call.RequestStream.WriteAsync(new EchoRequest()).WaitAsync(Timeout);
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);

        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync(new EchoRequest()).WaitAsync(Timeout));
        Assert.Equal("reply", (await call.ResponseAsync.WaitAsync(Timeout)).Message);
    }

    [Fact]
    public async Task GetStatusAndGetTrailers_BeforeTheCallEnds_ThrowInvalidOperation()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttp2Server.StartAsync(async context =>
        {
            await ScriptedHttp2Server.StartGrpcResponseAsync(context);
            await release.Task;
            context.Response.AppendTrailer("grpc-status", "0");
        });
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest());
        await call.ResponseHeadersAsync.WaitAsync(Timeout);

        Assert.Throws<InvalidOperationException>(() => call.GetStatus());
        Assert.Throws<InvalidOperationException>(() => call.GetTrailers());
        release.SetResult();
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ConnectionRefused_FailsWithUnavailableNamingTheAddress()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest());

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith($"Error connecting to 127.0.0.1:{port}: Connection refused", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ForAddress_CustomHandlerWithTlsAndKeepAliveOptions_ThrowsNamingThem()
    {
        using var handler = new SocketsHttpHandler();
        var options = new GrpcChannelOptions { HttpHandler = handler, SkipCertificateValidation = true, KeepAlivePingDelay = TimeSpan.FromMinutes(5) };

        var error = Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress("https://localhost:5001", options));

        Assert.Contains(nameof(GrpcChannelOptions.SkipCertificateValidation), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(GrpcChannelOptions.KeepAlivePingDelay), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForAddress_SchemeOtherThanHttpOrHttps_Throws()
        => Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress("dns:///localhost:5001"));

    private static async Task<RpcException> UnaryErrorAsync(ScriptedHttp2Server server)
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(error.Status, call.GetStatus());
        return error;
    }
}
