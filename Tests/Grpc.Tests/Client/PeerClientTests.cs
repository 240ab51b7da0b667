using System.Text;
using Google.Protobuf;
using OrleansChat.Grpc.Client;
using Peer;

namespace OrleansChat.Grpc.Tests.Client;

/// <summary>
/// Our client against a real gRPC server (the derived classes pick Python grpcio or Node grpc-js): every call
/// kind, deadlines, cancellation, metadata, status details, compression and unknown methods.
/// </summary>
public abstract class PeerClientTests(PeerFixture peer)
{
    /// <summary>How long a test waits on a signal before it fails; generous, since builds share two cores.</summary>
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>A call header the peers echo back: it makes them send response headers before they sleep.</summary>
    private const string StartedHeader = "x-started";

    protected PeerFixture Peer => peer;

    protected GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(peer.Address, options);

    protected static Metadata GzipRequestHeaders() => new() { { "grpc-internal-encoding-request", "gzip" } };

    /// <summary>A payload that gzip shrinks a lot: shows compression on the wire and in the echo.</summary>
    protected static ByteString CompressiblePayload(int size = 64 * 1024)
        => ByteString.CopyFrom(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("orleans chat gzip ", (size / 18) + 1)))[..size]);

    [Fact]
    public async Task Unary_Request_ReturnsTheEchoAndStatusOk()
    {
        using var channel = CreateChannel();
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Message = "hello" });

        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("hello", reply.Message);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ServerStreaming_ThreeReplies_ArriveInOrderThenTheStreamEndsOk()
    {
        using var channel = CreateChannel();
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(EchoMethods.ServerStream, new EchoRequest { Message = "s", ReplyCount = 3 });

        var indexes = new List<int>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout))
        {
            indexes.Add(call.ResponseStream.Current.Index);
        }

        Assert.Equal([0, 1, 2], indexes);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ClientStreaming_ThreeRequests_ServerReceivesThemAllInOrder()
    {
        using var channel = CreateChannel();
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(EchoMethods.ClientStream);

        foreach (var message in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = message }).WaitAsync(Timeout);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("a,b,c", reply.Message);
        Assert.Equal(3, reply.RequestCount);
    }

    [Fact]
    public async Task Duplex_RepliesArriveWhileTheRequestStreamIsStillOpen()
    {
        using var channel = CreateChannel();
        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(EchoMethods.Duplex);

        await call.RequestStream.WriteAsync(new EchoRequest { Message = "one" }).WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(("one", 0), (call.ResponseStream.Current.Message, call.ResponseStream.Current.Index));

        await call.RequestStream.WriteAsync(new EchoRequest { Message = "two" }).WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(("two", 1), (call.ResponseStream.Current.Message, call.ResponseStream.Current.Index));

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Unary_ServerSleepsPastTheDeadline_FailsWithDeadlineExceeded()
    {
        using var channel = CreateChannel();
        var options = new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(300));
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { SleepMs = 60_000 }, options);

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Unary_CancelledByTheCallersToken_FailsWithCancelledAndTheServerSeesTheCancel()
    {
        using var channel = CreateChannel();
        var invoker = channel.CreateCallInvoker();
        var callId = Guid.NewGuid().ToString("N");
        using var cancellation = new CancellationTokenSource();
        var options = new CallOptions(Headers: new Metadata { { StartedHeader, "1" } }, CancellationToken: cancellation.Token);
        using var call = invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { SleepMs = 60_000, CallId = callId }, options);
        await call.ResponseHeadersAsync.WaitAsync(Timeout);

        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.True(await ServerSawCancelAsync(invoker, callId), "The server's handler never saw the cancellation.");
    }

    [Fact]
    public async Task Duplex_DisposedWhileTheServerWorks_ServerSeesTheCancelAndReadsFailCancelled()
    {
        using var channel = CreateChannel();
        var invoker = channel.CreateCallInvoker();
        var callId = Guid.NewGuid().ToString("N");
        var call = invoker.AsyncDuplexStreamingCall(EchoMethods.Duplex, new CallOptions(Headers: new Metadata { { StartedHeader, "1" } }));
        await call.RequestStream.WriteAsync(new EchoRequest { SleepMs = 60_000, CallId = callId }).WaitAsync(Timeout);
        await call.ResponseHeadersAsync.WaitAsync(Timeout);

        call.Dispose();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.True(await ServerSawCancelAsync(invoker, callId), "The server's handler never saw the cancellation.");
    }

    [Fact]
    public async Task Metadata_TextAndBinaryHeaders_ComeBackInResponseHeadersAndTrailers()
    {
        using var channel = CreateChannel();
        byte[] oneByte = [0xff];
        byte[] twoBytes = [0x00, 0xfe];
        byte[] threeBytes = [0x01, 0x02, 0x03];
        var headers = new Metadata
        {
            { "x-text", "plain value: 1, 2" },
            { "x-one-bin", oneByte },
            { "x-two-bin", twoBytes },
            { "x-three-bin", threeBytes },
        };
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Message = "m" }, new CallOptions(Headers: headers));

        var responseHeaders = await call.ResponseHeadersAsync.WaitAsync(Timeout);
        await call.ResponseAsync.WaitAsync(Timeout);

        foreach (var metadata in new[] { responseHeaders, call.GetTrailers() })
        {
            Assert.Equal("plain value: 1, 2", metadata.GetValue("x-text"));
            Assert.Equal(oneByte, metadata.GetValueBytes("x-one-bin"));
            Assert.Equal(twoBytes, metadata.GetValueBytes("x-two-bin"));
            Assert.Equal(threeBytes, metadata.GetValueBytes("x-three-bin"));
            Assert.Null(metadata.Get("grpc-status"));
        }
    }

    [Fact]
    public async Task Unary_StatusMessageWithTabsNewlinesPercentAndEmoji_ArrivesIntact()
    {
        const string detail = "tab\there\nnext line 100% 😀 ü";
        using var channel = CreateChannel();
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(
            EchoMethods.Unary,
            new EchoRequest { StatusCode = (int)StatusCode.FailedPrecondition, StatusMessage = detail });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
        Assert.Equal(error.Status, call.GetStatus());
    }

    [Fact]
    public async Task ServerStreaming_ErrorAfterTwoReplies_ReadsBothThenThrowsWithStatusAndTrailers()
    {
        using var channel = CreateChannel();
        var headers = new Metadata { { "x-reason", "quota" } };
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(
            EchoMethods.ServerStream,
            new EchoRequest { ReplyCount = 2, StatusCode = (int)StatusCode.ResourceExhausted, StatusMessage = "enough\t😀" },
            new CallOptions(Headers: headers));

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("enough\t😀", error.Status.Detail);
        Assert.Equal("quota", error.Trailers.GetValue("x-reason"));
        Assert.Equal("quota", call.GetTrailers().GetValue("x-reason"));
    }

    [Theory]
    [InlineData("method")]
    [InlineData("service")]
    public async Task Unary_UnknownMethodOrService_FailsWithUnimplemented(string missing)
    {
        using var channel = CreateChannel();
        var method = missing == "method" ? EchoMethods.Missing : EchoMethods.MissingService;
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(method, new EchoRequest());

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    [Fact]
    public async Task Unary_GzipRequest_ServerDecodesThePayload()
    {
        using var channel = CreateChannel();
        var payload = CompressiblePayload();
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(
            EchoMethods.Unary, new EchoRequest { Message = "zipped", Payload = payload }, new CallOptions(Headers: GzipRequestHeaders()));

        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("zipped", reply.Message);
        Assert.Equal(payload, reply.Payload);
    }

    [Fact]
    public async Task ClientStreaming_GzipRequests_ServerDecodesEveryMessage()
    {
        using var channel = CreateChannel();
        var payload = CompressiblePayload(10_000);
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(EchoMethods.ClientStream, new CallOptions(Headers: GzipRequestHeaders()));

        await call.RequestStream.WriteAsync(new EchoRequest { Message = "a", Payload = payload }).WaitAsync(Timeout);
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "b", Payload = payload }).WaitAsync(Timeout);
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("a,b", reply.Message);
        Assert.Equal(payload.Concat(payload).ToArray(), reply.Payload.ToByteArray());
    }

    private static async Task<bool> ServerSawCancelAsync(CallInvoker invoker, string callId)
    {
        using var probe = invoker.AsyncUnaryCall(EchoMethods.WaitCancelled, new WaitCancelledRequest { CallId = callId, TimeoutMs = 20_000 });
        return (await probe.ResponseAsync.WaitAsync(Timeout)).Cancelled;
    }
}
