using System.Text;
using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

public sealed class ServerDeadlineAndCancellationTests
{
    [Fact]
    public async Task GrpcTimeout_HandlerStillRunning_DeadlineExceededAndHandlerTokenCancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        DateTime deadline = default;
        var service = TestServices.Unary("Slow", async (request, context) =>
        {
            deadline = context.Deadline;
            await using (context.CancellationToken.Register(() => cancelled.TrySetResult()))
            {
                await Cancellation.WhenCancelledAsync(context.CancellationToken);
            }

            return request;
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var before = DateTime.UtcNow;
        var response = await client.CallAsync("/test.Custom/Slow", GrpcWire.Frame([]), request =>
            request.Headers.TryAddWithoutValidation("grpc-timeout", "200m"));

        Assert.Equal(StatusCode.DeadlineExceeded, response.Status);
        Assert.True(response.IsTrailersOnly);
        await cancelled.Task.WaitAsync(TestTimeouts.Default);
        Assert.InRange(deadline, before, before.AddMinutes(1));
    }

    [Fact]
    public async Task GrpcTimeout_DuplexAfterMessagesSent_DeadlineExceededTrailersThenRstStreamCancel()
    {
        var service = TestServices.Duplex("Stall", async (requests, responses, context) =>
        {
            await responses.WriteAsync("first");
            await Cancellation.WhenCancelledAsync(context.CancellationToken);
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        await using var connection = await Http2TestConnection.ConnectAsync(server.Port);

        // The request stays open: the deadline, not the client, ends the call.
        var stream = await connection.StartRequestAsync("/test.Custom/Stall", [("grpc-timeout", "300m")]);
        var frames = await connection.ReadStreamToEndAsync(stream);

        Assert.Equal(Http2FrameType.Headers, frames[0].Type);
        Assert.Equal("200", frames[0].Header(":status"));
        Assert.Equal(GrpcWire.Frame(GrpcWire.Utf8("first")), frames.Where(f => f.Type == Http2FrameType.Data).SelectMany(f => f.Payload).ToArray());
        var trailers = frames[^1];
        Assert.Equal(Http2FrameType.Headers, trailers.Type);
        Assert.True(trailers.EndStream);
        Assert.Equal("4", trailers.Header("grpc-status"));
        Assert.Equal("Deadline Exceeded", trailers.Header("grpc-message"));
        var reset = await connection.ReadFrameAsync(stream);
        Assert.Equal(Http2FrameType.RstStream, reset.Type);
        Assert.Equal(0x8, reset.ErrorCode);
    }

    [Fact]
    public async Task GrpcTimeout_ClientNotReadingWhileWriterBlocked_HandlerCancelledAndStreamEnds()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = TestServices.ServerStreaming("Flood", async (request, responses, context) =>
        {
            await using var registration = context.CancellationToken.Register(() => cancelled.TrySetResult());
            var chunk = new string('z', 1024 * 1024);
            while (true)
            {
                await responses.WriteAsync(chunk, context.CancellationToken);
            }
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        // Nothing is read until the handler has seen the deadline: flow control blocks the server's writer.
        var call = client.StartStreaming("/test.Custom/Flood", request => request.Headers.TryAddWithoutValidation("grpc-timeout", "300m"));
        await call.SendAsync([]);
        await call.CompleteRequestAsync();
        await cancelled.Task.WaitAsync(TestTimeouts.Default);

        // The stream then ends: with DEADLINE_EXCEEDED trailers, or reset if they could not get through.
        var outcome = await Record.ExceptionAsync(async () =>
        {
            var (code, _) = await call.ReadStatusAsync().WaitAsync(TestTimeouts.Default);
            Assert.Equal(StatusCode.DeadlineExceeded, code);
        });
        Assert.True(outcome is null or HttpRequestException or IOException, outcome?.ToString());
        await call.DisposeAsync();
    }

    [Fact]
    public async Task GrpcTimeout_Malformed_IgnoredAndCallSucceeds()
    {
        DateTime deadline = default;
        var service = TestServices.Unary("Echo", (request, context) =>
        {
            deadline = context.Deadline;
            return Task.FromResult(request);
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();

        var response = await client.CallAsync("/test.Custom/Echo", GrpcWire.Frame([]), request =>
            request.Headers.TryAddWithoutValidation("grpc-timeout", "1x"));

        Assert.Equal(StatusCode.OK, response.Status);
        Assert.Equal(DateTime.MaxValue, deadline);
    }

    [Fact]
    public async Task ClientCancel_UnaryWaiting_HandlerTokenCancelled()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = TestServices.Unary("Wait", async (request, context) =>
        {
            await using (context.CancellationToken.Register(() => cancelled.TrySetResult()))
            {
                started.TrySetResult();
                await Cancellation.WhenCancelledAsync(context.CancellationToken);
            }

            return request;
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource();

        var call = client.CallAsync("/test.Custom/Wait", GrpcWire.Frame([]), cancellationToken: cts.Token);
        await started.Task.WaitAsync(TestTimeouts.Default);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await cancelled.Task.WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public async Task ClientRstStream_DuplexReading_HandlerTokenCancelledAndReadCancelled()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcome = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = TestServices.Duplex("Listen", async (requests, responses, context) =>
        {
            try
            {
                await requests.MoveNext(context.CancellationToken);
                received.TrySetResult();
                await requests.MoveNext(context.CancellationToken);
                outcome.TrySetResult(null);
            }
            catch (Exception ex)
            {
                outcome.TrySetResult(ex);
                throw;
            }
        });
        await using var server = await TestGrpcServer.StartAsync(service);
        await using var connection = await Http2TestConnection.ConnectAsync(server.Port);

        var stream = await connection.StartRequestAsync("/test.Custom/Listen");
        await connection.SendDataAsync(stream, GrpcWire.Frame(GrpcWire.Utf8("one")), endStream: false);
        await received.Task.WaitAsync(TestTimeouts.Default);
        await connection.SendRstStreamAsync(stream, 0x8);

        var exception = await outcome.Task.WaitAsync(TestTimeouts.Default);
        Assert.IsAssignableFrom<OperationCanceledException>(exception);
    }

    [Fact]
    public async Task ClientCancel_ServerStreamingWriting_HandlerTokenCancelledAndOtherCallsUnaffected()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = TestServices.ServerStreaming("Forever", async (request, responses, context) =>
        {
            await using var registration = context.CancellationToken.Register(() => cancelled.TrySetResult());
            var i = 0;
            while (true)
            {
                await responses.WriteAsync("tick " + i++, context.CancellationToken);
            }
        });
        await using var server = await TestGrpcServer.StartAsync(s => s.AddGrpcService(service).AddGrpcService(TestServices.Echo()));
        using var client = server.CreateClient();
        await using var healthy = await HealthyDuplexCall.StartAsync(client);

        var call = client.StartStreaming("/test.Custom/Forever");
        await call.SendAsync([]);
        await call.CompleteRequestAsync();
        Assert.Equal("tick 0", Encoding.UTF8.GetString((await call.ReadMessageAsync())!));

        // Dropping the response mid-stream makes HttpClient send RST_STREAM(CANCEL).
        await call.DisposeAsync();

        await cancelled.Task.WaitAsync(TestTimeouts.Default);
        await healthy.AssertStillWorksAndFinishAsync();
    }
}
