using Grpc.Testing;
using OrleansChat.InteropServer;

namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>timeout_on_sleeping_server, cancel_after_begin and cancel_after_first_response with our client.</summary>
public sealed partial class OwnClientInteropTests
{
    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task TimeoutOnSleepingServer_EndsWithDeadlineExceeded(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var options = new CallOptions(Deadline: DateTime.UtcNow.AddMilliseconds(1));

        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(TestServiceMethods.FullDuplexCall, options);
        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { Payload = ZeroPayload(27_182) });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
        Assert.Equal(StatusCode.DeadlineExceeded, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task CancelAfterBegin_EndsWithCancelled(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        using var cancellation = new CancellationTokenSource();

        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(
            TestServiceMethods.StreamingInputCall, Options() with { CancellationToken = cancellation.Token });
        await cancellation.CancelAsync();
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, exception.StatusCode);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task CancelAfterFirstResponse_EndsWithCancelled(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        using var cancellation = new CancellationTokenSource();
        var (requestSize, responseSize) = PingPongSizes[0];

        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(
            TestServiceMethods.FullDuplexCall, Options() with { CancellationToken = cancellation.Token });
        await call.RequestStream.WriteAsync(StreamingRequest(requestSize, responseSize), CancellationToken.None);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "No first response.");
        await cancellation.CancelAsync();
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.Cancelled, exception.StatusCode);
        Assert.Equal(StatusCode.Cancelled, call.GetStatus().StatusCode);
    }
}
