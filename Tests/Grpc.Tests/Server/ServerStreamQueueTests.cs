using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

public sealed class ServerStreamQueueTests
{
    private const int MessageSize = 1024 * 1024;

    [Fact]
    public async Task TryWrite_ClientNotReading_QueuesUpToCapacityThenReportsFull_AndEverythingQueuedIsSentInOrder()
    {
        var outcome = new TaskCompletionSource<List<StreamQueueResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = TestServices.ServerStreaming("Offer", (request, responses, context) =>
        {
            var queue = Assert.IsAssignableFrom<IServerStreamQueue<string>>(responses);
            var results = new List<StreamQueueResult>();
            for (var i = 0; i < 200; i++)
            {
                var result = queue.TryWrite(new string((char)('a' + (i % 26)), MessageSize));
                results.Add(result);
                if (result != StreamQueueResult.Queued)
                {
                    break;
                }
            }

            outcome.TrySetResult(results);
            return Task.CompletedTask;
        });
        await using var server = await TestGrpcServer.StartAsync(s => s.AddGrpcService(service), grpc => grpc.ResponseStreamCapacity = 4);
        using var client = server.CreateClient();
        await using var call = client.StartStreaming("/test.Custom/Offer");
        await call.SendAsync([]);
        await call.CompleteRequestAsync();

        var results = await outcome.Task.WaitAsync(TestTimeouts.Default);

        Assert.Equal(StreamQueueResult.Full, results[^1]);
        var queued = results.Count - 1;
        Assert.InRange(queued, 4, 100);
        var received = new List<byte[]>();
        while (await call.ReadMessageAsync() is { } message)
        {
            received.Add(message);
        }

        Assert.Equal(queued, received.Count);
        for (var i = 0; i < received.Count; i++)
        {
            Assert.Equal((byte)('a' + (i % 26)), received[i][0]);
        }

        Assert.Equal(StatusCode.OK, (await call.ReadStatusAsync()).Code);
    }

    [Fact]
    public async Task TryWrite_AfterTheCallEnded_ReportsClosed()
    {
        var queueSeen = new TaskCompletionSource<IServerStreamQueue<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = new TaskCompletionSource<StreamQueueResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = TestServices.ServerStreaming("Hold", async (request, responses, context) =>
        {
            queueSeen.TrySetResult((IServerStreamQueue<string>)responses);
            try
            {
                await Cancellation.WhenCancelledAsync(context.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                finished.TrySetResult(((IServerStreamQueue<string>)responses).TryWrite("late"));
            }
        });
        await using var server = await TestGrpcServer.StartAsync(s => s.AddGrpcService(service));
        using var client = server.CreateClient();
        // The deadline ends the call while the handler still holds the stream.
        await using var call = client.StartStreaming("/test.Custom/Hold", request => request.Headers.TryAddWithoutValidation("grpc-timeout", "2S"));
        await call.SendAsync([]);
        await call.CompleteRequestAsync();
        var queue = await queueSeen.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal(StreamQueueResult.Queued, queue.TryWrite("early"));
        Assert.NotNull(await call.ReadMessageAsync());

        Assert.Equal(StreamQueueResult.Closed, await finished.Task.WaitAsync(TestTimeouts.Default));
    }
}
