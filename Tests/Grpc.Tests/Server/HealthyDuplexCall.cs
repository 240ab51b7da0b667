using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

/// <summary>
/// A <c>test.Echo/Chat</c> call kept open beside a misbehaving request on the same HTTP/2 connection, to show that
/// one bad stream does not disturb the others.
/// </summary>
internal sealed class HealthyDuplexCall : IAsyncDisposable
{
    private readonly RawGrpcClient.StreamingCall _call;
    private int _round;

    private HealthyDuplexCall(RawGrpcClient.StreamingCall call) => _call = call;

    public static async Task<HealthyDuplexCall> StartAsync(RawGrpcClient client)
    {
        var healthy = new HealthyDuplexCall(client.StartStreaming("/test.Echo/Chat"));
        await healthy.AssertEchoesAsync();
        return healthy;
    }

    public async Task AssertEchoesAsync()
    {
        var text = "still alive " + _round++;
        await _call.SendAsync(GrpcWire.Utf8(text));
        var echoed = await _call.ReadMessageAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(text, echoed is null ? null : System.Text.Encoding.UTF8.GetString(echoed));
    }

    /// <summary>Checks it still echoes, then ends it and expects OK.</summary>
    public async Task AssertStillWorksAndFinishAsync()
    {
        await AssertEchoesAsync();
        await _call.CompleteRequestAsync();
        var (code, _) = await _call.ReadStatusAsync().WaitAsync(TestTimeouts.Default);
        Assert.Equal(StatusCode.OK, code);
    }

    public ValueTask DisposeAsync() => _call.DisposeAsync();
}
