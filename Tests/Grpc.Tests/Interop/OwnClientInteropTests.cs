using Google.Protobuf;
using Grpc.Testing;
using OrleansChat.Grpc.Client;
using OrleansChat.InteropServer;

namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>
/// Our client against our interop server, over h2c and TLS, asserting what grpc/grpc
/// <c>doc/interop-test-descriptions.md</c> asserts for each case. The server_compressed_* cases also read the
/// raw HTTP/2 response, because only the wire shows whether a message carried the compressed flag.
/// A test also fails when an interop server logged an error while it ran.
/// </summary>
public sealed partial class OwnClientInteropTests(InteropServersFixture servers) : IClassFixture<InteropServersFixture>, IAsyncLifetime
{
    private const int LargeRequestSize = 271_828;
    private const int LargeResponseSize = 314_159;
    private const string EchoInitialKey = "x-grpc-test-echo-initial";
    private const string EchoInitialValue = "test_initial_metadata_value";
    private const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";
    private const string TestStatusMessage = "test status message";
    private const string SpecialStatusMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
    private static readonly byte[] EchoTrailingValue = [0xab, 0xab, 0xab];
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    private static readonly int[] ClientStreamingSizes = [27_182, 8, 1_828, 45_904];
    private static readonly int[] ServerStreamingSizes = [31_415, 9, 2_653, 58_979];

    private static readonly (int RequestSize, int ResponseSize)[] PingPongSizes =
        [(27_182, 31_415), (8, 9), (1_828, 2_653), (45_904, 58_979)];

    private readonly Dictionary<InteropTransport, int> _serverLogStart = [];

    public Task InitializeAsync()
    {
        foreach (var transport in Enum.GetValues<InteropTransport>())
        {
            _serverLogStart[transport] = servers[transport].LogLength;
        }

        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        foreach (var (transport, start) in _serverLogStart)
        {
            var log = servers[transport].LogSince(start);
            Assert.False(ServerLog.HasErrors(log), $"The {transport} interop server logged errors during the test:\n{log}");
        }

        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task LargeUnary_ReturnsZeroPayloadOfRequestedSize(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var invoker = channel.CreateCallInvoker();

        using var call = invoker.AsyncUnaryCall(TestServiceMethods.UnaryCall, LargeUnaryRequest(), Options());
        var response = await call.ResponseAsync;

        AssertZeroPayload(LargeResponseSize, response.Payload);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task EmptyUnary_ReturnsAnEmptyMessage(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(TestServiceMethods.EmptyCall, new Empty(), Options());
        var response = await call.ResponseAsync;

        Assert.NotNull(response);
        Assert.Equal(0, response.CalculateSize());
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task ClientStreaming_ReturnsTheSumOfTheRequestPayloadSizes(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var options = Options();

        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(TestServiceMethods.StreamingInputCall, options);
        foreach (var size in ClientStreamingSizes)
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = ZeroPayload(size) }, options.CancellationToken);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call.ResponseAsync;

        Assert.Equal(74_922, response.AggregatedPayloadSize);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task ServerStreaming_SendsOneResponsePerParameterInOrder(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var options = Options();
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(ServerStreamingSizes.Select(size => new ResponseParameters { Size = size }));

        using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(TestServiceMethods.StreamingOutputCall, request, options);
        var responses = await ReadAllAsync(call.ResponseStream, options.CancellationToken);

        Assert.Equal(ServerStreamingSizes, responses.Select(response => response.Payload.Body.Length));
        Assert.All(responses, response => AssertZeroPayload(response.Payload.Body.Length, response.Payload));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task EmptyStream_EndsOkWithoutResponses(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var options = Options();

        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(TestServiceMethods.FullDuplexCall, options);
        await call.RequestStream.CompleteAsync();
        var responses = await ReadAllAsync(call.ResponseStream, options.CancellationToken);

        Assert.Empty(responses);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext, false)] // unimplemented_method
    [InlineData(InteropTransport.Tls, false)]
    [InlineData(InteropTransport.Plaintext, true)] // unimplemented_service
    [InlineData(InteropTransport.Tls, true)]
    public async Task Unimplemented_MethodOrServiceNotServed_EndsWithUnimplemented(InteropTransport transport, bool wholeService)
    {
        using var channel = CreateChannel(transport);
        var method = wholeService ? TestServiceMethods.UnimplementedServiceCall : TestServiceMethods.UnimplementedCall;

        using var call = channel.CreateCallInvoker().AsyncUnaryCall(method, new Empty(), Options());
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, exception.StatusCode);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task PingPong_AnswersEachRequestBeforeTheNextIsSent(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var invoker = channel.CreateCallInvoker();
        var options = Options();

        using var call = invoker.AsyncDuplexStreamingCall(TestServiceMethods.FullDuplexCall, options);
        foreach (var (requestSize, responseSize) in PingPongSizes)
        {
            await call.RequestStream.WriteAsync(StreamingRequest(requestSize, responseSize), options.CancellationToken);

            Assert.True(await call.ResponseStream.MoveNext(options.CancellationToken), $"No response to the {requestSize}-byte request.");
            AssertZeroPayload(responseSize, call.ResponseStream.Current.Payload);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext(options.CancellationToken), "More responses than requests.");
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task CustomMetadata_UnaryCall_EchoesInitialAndTrailingMetadata(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var invoker = channel.CreateCallInvoker();

        using var call = invoker.AsyncUnaryCall(TestServiceMethods.UnaryCall, LargeUnaryRequest(), Options(EchoMetadata()));
        var response = await call.ResponseAsync;
        var headers = await call.ResponseHeadersAsync;

        AssertZeroPayload(LargeResponseSize, response.Payload);
        Assert.Equal(EchoInitialValue, headers.GetValue(EchoInitialKey));
        Assert.Equal(EchoTrailingValue, call.GetTrailers().GetValueBytes(EchoTrailingKey));
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task CustomMetadata_FullDuplexCall_EchoesInitialAndTrailingMetadata(InteropTransport transport)
    {
        using var channel = CreateChannel(transport);
        var invoker = channel.CreateCallInvoker();
        var options = Options(EchoMetadata());

        using var call = invoker.AsyncDuplexStreamingCall(TestServiceMethods.FullDuplexCall, options);
        await call.RequestStream.WriteAsync(StreamingRequest(LargeRequestSize, LargeResponseSize), options.CancellationToken);
        await call.RequestStream.CompleteAsync();
        var responses = await ReadAllAsync(call.ResponseStream, options.CancellationToken);
        var headers = await call.ResponseHeadersAsync;

        AssertZeroPayload(LargeResponseSize, Assert.Single(responses).Payload);
        Assert.Equal(EchoInitialValue, headers.GetValue(EchoInitialKey));
        Assert.Equal(EchoTrailingValue, call.GetTrailers().GetValueBytes(EchoTrailingKey));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext, TestStatusMessage)]
    [InlineData(InteropTransport.Tls, TestStatusMessage)]
    [InlineData(InteropTransport.Plaintext, SpecialStatusMessage)] // special_status_message
    [InlineData(InteropTransport.Tls, SpecialStatusMessage)]
    public async Task StatusCodeAndMessage_UnaryCall_EndsWithTheRequestedStatus(InteropTransport transport, string message)
    {
        using var channel = CreateChannel(transport);
        var invoker = channel.CreateCallInvoker();
        var request = new SimpleRequest
        {
            ResponseSize = 1,
            Payload = ZeroPayload(1),
            ResponseStatus = new EchoStatus { Code = (int)StatusCode.Unknown, Message = message },
        };

        using var call = invoker.AsyncUnaryCall(TestServiceMethods.UnaryCall, request, Options());
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unknown, exception.StatusCode);
        Assert.Equal(message, exception.Status.Detail);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext, TestStatusMessage)]
    [InlineData(InteropTransport.Tls, TestStatusMessage)]
    [InlineData(InteropTransport.Plaintext, SpecialStatusMessage)]
    [InlineData(InteropTransport.Tls, SpecialStatusMessage)]
    public async Task StatusCodeAndMessage_FullDuplexCall_EndsWithTheRequestedStatus(InteropTransport transport, string message)
    {
        using var channel = CreateChannel(transport);
        var invoker = channel.CreateCallInvoker();
        var options = Options();
        var request = StreamingRequest(1, 1);
        request.ResponseStatus = new EchoStatus { Code = (int)StatusCode.Unknown, Message = message };

        using var call = invoker.AsyncDuplexStreamingCall(TestServiceMethods.FullDuplexCall, options);
        await call.RequestStream.WriteAsync(request, options.CancellationToken);
        await call.RequestStream.CompleteAsync();
        var exception = await Assert.ThrowsAsync<RpcException>(() => ReadAllAsync(call.ResponseStream, options.CancellationToken));

        Assert.Equal(StatusCode.Unknown, exception.StatusCode);
        Assert.Equal(message, exception.Status.Detail);
        Assert.Equal(StatusCode.Unknown, call.GetStatus().StatusCode);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext, true)]
    [InlineData(InteropTransport.Tls, true)]
    [InlineData(InteropTransport.Plaintext, false)]
    [InlineData(InteropTransport.Tls, false)]
    public async Task ServerCompressedUnary_CompressesTheResponseOnlyWhenAsked(InteropTransport transport, bool responseCompressed)
    {
        var request = LargeUnaryRequest();
        request.ResponseCompressed = new BoolValue { Value = responseCompressed };

        using (var channel = CreateChannel(transport))
        {
            using var call = channel.CreateCallInvoker().AsyncUnaryCall(TestServiceMethods.UnaryCall, request, Options());
            AssertZeroPayload(LargeResponseSize, (await call.ResponseAsync).Payload);
        }

        using var timeout = new CancellationTokenSource(CallTimeout);
        var raw = await RawGrpcExchange.CallAsync(servers[transport], TestServiceMethods.UnaryCall, request, timeout.Token);
        Assert.Equal("0", raw.GrpcStatus);
        var message = Assert.Single(raw.Messages);
        Assert.Equal(responseCompressed, message.Compressed);
        AssertZeroPayload(LargeResponseSize, SimpleResponse.Parser.ParseFrom(message.Payload).Payload);
    }

    [Theory]
    [InlineData(InteropTransport.Plaintext)]
    [InlineData(InteropTransport.Tls)]
    public async Task ServerCompressedStreaming_CompressesOnlyTheMessagesAskedFor(InteropTransport transport)
    {
        var request = new StreamingOutputCallRequest
        {
            ResponseParameters =
            {
                new ResponseParameters { Size = 31_415, Compressed = new BoolValue { Value = true } },
                new ResponseParameters { Size = 92_653, Compressed = new BoolValue { Value = false } },
            },
        };

        using (var channel = CreateChannel(transport))
        {
            var options = Options();
            using var call = channel.CreateCallInvoker().AsyncServerStreamingCall(TestServiceMethods.StreamingOutputCall, request, options);
            var responses = await ReadAllAsync(call.ResponseStream, options.CancellationToken);
            Assert.Collection(
                responses,
                first => AssertZeroPayload(31_415, first.Payload),
                second => AssertZeroPayload(92_653, second.Payload));
            Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        }

        using var timeout = new CancellationTokenSource(CallTimeout);
        var raw = await RawGrpcExchange.CallAsync(servers[transport], TestServiceMethods.StreamingOutputCall, request, timeout.Token);
        Assert.Equal("0", raw.GrpcStatus);
        Assert.Collection(
            raw.Messages,
            first => Assert.True(first.Compressed, "The first response asked for compression but arrived uncompressed."),
            second => Assert.False(second.Compressed, "The second response asked for no compression but arrived compressed."));
        AssertZeroPayload(31_415, StreamingOutputCallResponse.Parser.ParseFrom(raw.Messages[0].Payload).Payload);
        AssertZeroPayload(92_653, StreamingOutputCallResponse.Parser.ParseFrom(raw.Messages[1].Payload).Payload);
    }

    private GrpcChannel CreateChannel(InteropTransport transport)
    {
        var server = servers[transport];
        var options = new GrpcChannelOptions();
        if (transport == InteropTransport.Tls)
        {
            options.RootCertificate = server.LoadCertificate();
            options.TargetNameOverride = server.TargetNameOverride;
        }

        return GrpcChannel.ForAddress(server.Address.ToString(), options);
    }

    private static CallOptions Options(Metadata? headers = null)
        => new(Headers: headers, Deadline: DateTime.UtcNow + CallTimeout);

    private static Metadata EchoMetadata()
        => new Metadata()
            .Add(EchoInitialKey, EchoInitialValue)
            .Add(EchoTrailingKey, EchoTrailingValue);

    private static SimpleRequest LargeUnaryRequest()
        => new() { ResponseSize = LargeResponseSize, Payload = ZeroPayload(LargeRequestSize) };

    private static StreamingOutputCallRequest StreamingRequest(int requestSize, int responseSize)
        => new()
        {
            Payload = ZeroPayload(requestSize),
            ResponseParameters = { new ResponseParameters { Size = responseSize } },
        };

    private static Payload ZeroPayload(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };

    private static void AssertZeroPayload(int expectedSize, Payload? payload)
    {
        Assert.NotNull(payload);
        Assert.Equal(PayloadType.Compressable, payload.Type);
        Assert.Equal(expectedSize, payload.Body.Length);
        Assert.True(payload.Body.Span.IndexOfAnyExcept((byte)0) < 0, "The payload body is not all zeros.");
    }

    private static async Task<List<T>> ReadAllAsync<T>(IAsyncStreamReader<T> reader, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        while (await reader.MoveNext(cancellationToken))
        {
            items.Add(reader.Current);
        }

        return items;
    }
}
