using OrleansChat.Grpc.Client;
using Peer;

namespace OrleansChat.Grpc.Tests.Client;

/// <summary>Our client against Node's @grpc/grpc-js (Tests/Peers/node, installed with npm ci).</summary>
public sealed class NodePeerClientTests(NodePeerFixture peer) : PeerClientTests(peer), IClassFixture<NodePeerFixture>
{
    /// <summary>Calls tagged with this header get the transport's view of their request in the reply.</summary>
    private const string ProbeHeader = "x-peer-probe";

    [Fact]
    public async Task Unary_GzipRequest_ServerSeesGzipEncodingAndACompressedMessage()
    {
        using var channel = CreateChannel();
        var headers = GzipRequestHeaders().Add(ProbeHeader, Guid.NewGuid().ToString("N"));
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(
            EchoMethods.Unary, new EchoRequest { Payload = CompressiblePayload() }, new CallOptions(Headers: headers));

        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("gzip", reply.RequestEncoding);
        Assert.Equal([true], reply.RequestCompressed);
    }

    [Fact]
    public async Task Unary_GzipCallWithNoCompressWriteOption_SendsTheMessageUncompressed()
    {
        using var channel = CreateChannel();
        var headers = GzipRequestHeaders().Add(ProbeHeader, Guid.NewGuid().ToString("N"));
        var options = new CallOptions(Headers: headers, WriteOptions: new WriteOptions(WriteFlags.NoCompress));
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Payload = CompressiblePayload() }, options);

        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("gzip", reply.RequestEncoding);
        Assert.Equal([false], reply.RequestCompressed);
    }

    [Fact]
    public async Task ClientStreaming_PerMessageWriteOptions_CompressOnlyTheMessagesAllowedTo()
    {
        using var channel = CreateChannel();
        var headers = GzipRequestHeaders().Add(ProbeHeader, Guid.NewGuid().ToString("N"));
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(EchoMethods.ClientStream, new CallOptions(Headers: headers));
        var payload = CompressiblePayload(4_000);

        await call.RequestStream.WriteAsync(new EchoRequest { Message = "zipped", Payload = payload }).WaitAsync(Timeout);
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "plain", Payload = payload }).WaitAsync(Timeout);
        call.RequestStream.WriteOptions = null;
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "zipped", Payload = payload }).WaitAsync(Timeout);
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("zipped,plain,zipped", reply.Message);
        Assert.Equal("gzip", reply.RequestEncoding);
        Assert.Equal([true, false, true], reply.RequestCompressed);
    }

    [Fact]
    public async Task Unary_PlainCall_ServerSeesIdentityAndUncompressedMessages()
    {
        using var channel = CreateChannel();
        var headers = new Metadata { { ProbeHeader, Guid.NewGuid().ToString("N") } };
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Payload = CompressiblePayload() }, new CallOptions(Headers: headers));

        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("identity", reply.RequestEncoding);
        Assert.Equal([false], reply.RequestCompressed);
    }

    [Fact]
    public async Task Unary_GzipCompressedResponse_ClientDecodesIt()
    {
        // grpc-js servers never compress; the peer's raw responder answers with Node's http2 and zlib.
        var sniffer = new FrameSniffingHandler();
        using var channel = CreateChannel(new GrpcChannelOptions { HttpHandler = sniffer });
        var payload = CompressiblePayload();
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(
            EchoMethods.RawGzipUnary, new EchoRequest { Message = "raw", Payload = payload }, new CallOptions(Headers: GzipRequestHeaders()));

        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal(("raw", "gzip"), (reply.Message, reply.RequestEncoding));
        Assert.Equal(payload, reply.Payload);
        Assert.Equal("gzip", sniffer.ResponseEncoding);
        Assert.Equal([true], sniffer.ResponseCompressedFlags);
        sniffer.Dispose();
    }
}
