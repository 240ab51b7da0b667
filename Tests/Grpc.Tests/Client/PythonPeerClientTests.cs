using OrleansChat.Grpc.Client;
using Peer;

namespace OrleansChat.Grpc.Tests.Client;

/// <summary>Our client against Python grpcio (grpc core), Debian's python3-grpcio run by /usr/bin/python3.</summary>
public sealed class PythonPeerClientTests(PythonPeerFixture peer) : PeerClientTests(peer), IClassFixture<PythonPeerFixture>
{
    [Fact]
    public async Task Unary_GzipRequest_ServerWithGzipDisabledRejectsItSoTheEncodingWasSent()
    {
        // grpc core hides grpc-encoding from handlers but enforces its enabled algorithms on it.
        await using var identityOnly = await PeerProcess.StartAsync(PeerKind.Python, "--identity-only");
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{identityOnly.Port}");
        var invoker = channel.CreateCallInvoker();

        using var compressed = invoker.AsyncUnaryCall(
            EchoMethods.Unary, new EchoRequest { Payload = CompressiblePayload() }, new CallOptions(Headers: GzipRequestHeaders()));
        var error = await Assert.ThrowsAsync<RpcException>(() => compressed.ResponseAsync.WaitAsync(Timeout));
        using var plain = invoker.AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Message = "plain" });
        var reply = await plain.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("gzip", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("plain", reply.Message);
    }

    [Fact]
    public async Task Unary_ServerCompressesTheResponse_ClientDecodesGzipMessages()
    {
        var sniffer = new FrameSniffingHandler();
        using var channel = CreateChannel(new GrpcChannelOptions { HttpHandler = sniffer });
        var payload = CompressiblePayload();
        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { CompressResponse = true, Payload = payload });

        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal(payload, reply.Payload);
        Assert.Equal("gzip", sniffer.ResponseEncoding);
        Assert.Equal([true], sniffer.ResponseCompressedFlags);
        sniffer.Dispose();
    }

    [Fact]
    public async Task ServerStreaming_ServerCompressesEveryReply_ClientDecodesThemAll()
    {
        var sniffer = new FrameSniffingHandler();
        using var channel = CreateChannel(new GrpcChannelOptions { HttpHandler = sniffer });
        var payload = CompressiblePayload(8_000);
        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(
            EchoMethods.ServerStream, new EchoRequest { CompressResponse = true, ReplyCount = 3, Payload = payload });

        var count = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Timeout))
        {
            Assert.Equal(payload, call.ResponseStream.Current.Payload);
            count++;
        }

        Assert.Equal(3, count);
        Assert.Equal("gzip", sniffer.ResponseEncoding);
        Assert.Equal([true, true, true], sniffer.ResponseCompressedFlags);
        sniffer.Dispose();
    }

    [Fact]
    public async Task Tls_CustomRootAndTargetNameOverride_CallsSucceedOverAlpnH2()
    {
        using var certificates = TestCertificates.Create("peer.test");
        await using var tlsPeer = await PeerProcess.StartAsync(PeerKind.Python, "--tls-cert", certificates.CertificatePath, "--tls-key", certificates.KeyPath);
        using var channel = GrpcChannel.ForAddress(
            $"https://127.0.0.1:{tlsPeer.Port}",
            new GrpcChannelOptions { RootCertificate = certificates.Root, TargetNameOverride = "peer.test" });

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Message = "secure" });
        var reply = await call.ResponseAsync.WaitAsync(Timeout);

        Assert.Equal("secure", reply.Message);
    }

    [Fact]
    public async Task Tls_ServerCertificateFromAnotherRoot_FailsWithUnavailable()
    {
        using var served = TestCertificates.Create("peer.test");
        using var other = TestCertificates.Create("peer.test");
        await using var tlsPeer = await PeerProcess.StartAsync(PeerKind.Python, "--tls-cert", served.CertificatePath, "--tls-key", served.KeyPath);
        using var channel = GrpcChannel.ForAddress(
            $"https://127.0.0.1:{tlsPeer.Port}",
            new GrpcChannelOptions { RootCertificate = other.Root, TargetNameOverride = "peer.test" });

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(EchoMethods.Unary, new EchoRequest { Message = "secure" });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains($"127.0.0.1:{tlsPeer.Port}", error.Status.Detail, StringComparison.Ordinal);
    }
}
