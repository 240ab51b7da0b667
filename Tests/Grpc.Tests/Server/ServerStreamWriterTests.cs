using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

public sealed class ServerStreamWriterTests
{
    private const int MessageSize = 1024 * 1024;

    [Fact]
    public async Task WriteAsync_ClientNotReading_BackpressureThenConcurrentWriteRejected()
    {
        var blocked = new TaskCompletionSource<(int Accepted, Exception? Concurrent)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = TestServices.ServerStreaming("Flood", async (request, responses, context) =>
        {
            // Writes until one is left pending (backpressure), then writes again at once. The writer loop may make room
            // between the two (the pending write then completes and the second one is simply accepted): then the second
            // is the pending one and the next write tries again. Every accepted write is sent; the rejected one is not.
            Task? pending = null;
            Exception? concurrent = null;
            var accepted = 0;
            for (var i = 0; i < 50 && concurrent is null; i++)
            {
                var write = responses.WriteAsync(new string((char)('a' + i), MessageSize));
                if (write.IsFaulted)
                {
                    concurrent = write.Exception!.InnerException;
                    break;
                }

                accepted++;
                if (write.IsCompleted)
                {
                    await write;
                    pending = null;
                }
                else
                {
                    pending = write;
                }
            }

            blocked.TrySetResult((accepted, concurrent));
            if (pending is not null)
            {
                await pending;
            }
        });
        await using var server = await TestGrpcServer.StartAsync(s => s.AddGrpcService(service), grpc => grpc.ResponseStreamCapacity = 1);
        using var client = server.CreateClient();
        await using var call = client.StartStreaming("/test.Custom/Flood");
        await call.SendAsync([]);
        await call.CompleteRequestAsync();

        var (accepted, concurrentError) = await blocked.Task.WaitAsync(TestTimeouts.Default);

        Assert.InRange(accepted, 2, 12);
        var error = Assert.IsType<InvalidOperationException>(concurrentError);
        Assert.Equal("Can't write the message because the previous write is in progress.", error.Message);

        var received = new List<byte[]>();
        while (await call.ReadMessageAsync() is { } message)
        {
            received.Add(message);
        }

        Assert.Equal(accepted, received.Count);
        for (var i = 0; i < received.Count; i++)
        {
            Assert.Equal(MessageSize, received[i].Length);
            Assert.Equal((byte)('a' + i), received[i][0]);
        }

        Assert.Equal(StatusCode.OK, (await call.ReadStatusAsync()).Code);
    }

    [Fact]
    public async Task WriteAsync_ManyQueuedMessages_AllSentInOrderBeforeStatus()
    {
        var service = TestServices.ServerStreaming("Burst", async (request, responses, context) =>
        {
            for (var i = 0; i < 500; i++)
            {
                await responses.WriteAsync(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            context.Status = new Status(StatusCode.OK, "done");
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Burst", GrpcWire.Frame([]));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal("done", response.Message);
        Assert.Equal(
            Enumerable.Range(0, 500).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            response.Messages.Select(m => System.Text.Encoding.UTF8.GetString(m.Payload)));
    }

    [Fact]
    public async Task WriteAsync_AfterHandlerReturned_Throws()
    {
        IServerStreamWriter<string>? leaked = null;
        var service = TestServices.ServerStreaming("Leak", (request, responses, context) =>
        {
            leaked = responses;
            return Task.CompletedTask;
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Leak", GrpcWire.Frame([]));

        Assert.Equal(StatusCode.OK, response.Status);
        await Assert.ThrowsAsync<InvalidOperationException>(() => leaked!.WriteAsync("late"));
    }
}
