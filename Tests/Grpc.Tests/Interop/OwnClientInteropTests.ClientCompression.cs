using Grpc.Testing;
using OrleansChat.InteropServer;

namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>client_compressed_unary and client_compressed_streaming: the server checks, per request message,
/// that <c>expect_compressed</c> matches how the message travelled, so these prove our client compresses
/// exactly the messages it should.</summary>
public sealed partial class OwnClientInteropTests
{
    private const string RequestEncodingKey = "grpc-internal-encoding-request";

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task ClientCompressedUnary_ServerSeesEachRequestAsItWasSent(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var invoker = channel.CreateCallInvoker();

        // The probe: an uncompressed request that claims to be compressed is refused.
        using (var probe = invoker.AsyncUnaryCall(TestServiceMethods.UnaryCall, CompressedUnaryRequest(expectCompressed: true), Options()))
        {
            var exception = await Assert.ThrowsAsync<RpcException>(() => probe.ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        }

        using (var compressed = invoker.AsyncUnaryCall(TestServiceMethods.UnaryCall, CompressedUnaryRequest(expectCompressed: true), Options(GzipRequests())))
        {
            AssertZeroPayload(LargeResponseSize, (await compressed.ResponseAsync).Payload);
        }

        using var uncompressed = invoker.AsyncUnaryCall(TestServiceMethods.UnaryCall, CompressedUnaryRequest(expectCompressed: false), Options());
        AssertZeroPayload(LargeResponseSize, (await uncompressed.ResponseAsync).Payload);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task ClientCompressedStreaming_ServerSeesEachRequestAsItWasSent(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var invoker = channel.CreateCallInvoker();
        var first = new StreamingInputCallRequest { Payload = ZeroPayload(27_182), ExpectCompressed = new BoolValue { Value = true } };
        var second = new StreamingInputCallRequest { Payload = ZeroPayload(45_904), ExpectCompressed = new BoolValue { Value = false } };

        // The probe: an uncompressed message that claims to be compressed is refused.
        var probeOptions = Options();
        using (var probe = invoker.AsyncClientStreamingCall(TestServiceMethods.StreamingInputCall, probeOptions))
        {
            await probe.RequestStream.WriteAsync(first, probeOptions.CancellationToken);
            await probe.RequestStream.CompleteAsync();
            var exception = await Assert.ThrowsAsync<RpcException>(() => probe.ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        }

        var options = Options(GzipRequests());
        using var call = invoker.AsyncClientStreamingCall(TestServiceMethods.StreamingInputCall, options);
        await call.RequestStream.WriteAsync(first, options.CancellationToken);
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(second, options.CancellationToken);
        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal(73_086, response.AggregatedPayloadSize);
    }

    private static Metadata GzipRequests() => new Metadata().Add(RequestEncodingKey, "gzip");

    private static SimpleRequest CompressedUnaryRequest(bool expectCompressed)
    {
        var request = LargeUnaryRequest();
        request.ExpectCompressed = new BoolValue { Value = expectCompressed };
        return request;
    }
}
