using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Google.Protobuf;
using Grpc.Testing;
using OrleansChat.Grpc;
using OrleansChat.Grpc.Server;

namespace OrleansChat.InteropServer;

/// <summary>
/// <c>grpc.testing.TestService</c> with the server features of grpc/grpc
/// <c>doc/interop-test-descriptions.md</c>: payloads of zeros, Echo Status, Echo Metadata,
/// CompressedRequest, CompressedResponse and <c>interval_us</c>.
/// <c>UnimplementedCall</c> is not registered, so calling it ends in UNIMPLEMENTED from the server itself.
/// </summary>
internal sealed class TestService
{
    public const string EchoInitialMetadataKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingMetadataKey = "x-grpc-test-echo-trailing-bin";

    /// <summary>Asks the server to compress this call's response messages (grpc-dotnet's convention);
    /// the server removes the entry and compresses only if the client accepts the encoding.</summary>
    public const string ResponseEncodingRequestKey = "grpc-internal-encoding-request";

    private const string ResponseEncoding = "gzip";

    private static readonly WriteOptions UncompressedWrite = new(WriteFlags.NoCompress);

    public ServerServiceDefinition BindService()
        => ServerServiceDefinition.CreateBuilder(TestServiceMethods.ServiceName, TestServiceMethods.Descriptor)
            .AddMethod(TestServiceMethods.EmptyCall, EmptyCall)
            .AddMethod(TestServiceMethods.UnaryCall, UnaryCall)
            .AddMethod(TestServiceMethods.CacheableUnaryCall, CacheableUnaryCall)
            .AddMethod(TestServiceMethods.StreamingOutputCall, StreamingOutputCall)
            .AddMethod(TestServiceMethods.StreamingInputCall, StreamingInputCall)
            .AddMethod(TestServiceMethods.FullDuplexCall, FullDuplexCall)
            .AddMethod(TestServiceMethods.HalfDuplexCall, HalfDuplexCall)
            .Build();

    public async Task<Empty> EmptyCall(Empty request, ServerCallContext context)
    {
        EchoTrailingMetadata(context);
        await WriteResponseHeadersAsync(context, compressResponses: false);
        return new Empty();
    }

    public async Task<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        EchoTrailingMetadata(context);
        EnsureRequestCompression(request.ExpectCompressed, compressed: context.IsLastRequestMessageCompressed() == true);
        ThrowIfEchoStatus(request.ResponseStatus);
        var payload = CreatePayload(request.ResponseType, request.ResponseSize);

        var compress = request.ResponseCompressed?.Value == true;
        if (request.ResponseCompressed is { Value: false })
        {
            context.WriteOptions = UncompressedWrite;
        }

        await WriteResponseHeadersAsync(context, compress);
        return new SimpleResponse { Payload = payload };
    }

    public async Task<SimpleResponse> CacheableUnaryCall(SimpleRequest request, ServerCallContext context)
    {
        EchoTrailingMetadata(context);
        var headers = EchoInitialMetadata(context);
        headers.Add("cache-control", "max-age=60, public");
        await context.WriteResponseHeadersAsync(headers);

        var nanoseconds = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        return new SimpleResponse
        {
            Payload = new Payload
            {
                Type = PayloadType.Compressable,
                Body = ByteString.CopyFromUtf8(nanoseconds.ToString(CultureInfo.InvariantCulture)),
            },
        };
    }

    public async Task StreamingOutputCall(
        StreamingOutputCallRequest request,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        ServerCallContext context)
    {
        EchoTrailingMetadata(context);
        ThrowIfEchoStatus(request.ResponseStatus);
        await WriteResponseHeadersAsync(context, AsksForCompression(request));
        await WriteResponsesAsync(request, responseStream, context.CancellationToken);
    }

    public async Task<StreamingInputCallResponse> StreamingInputCall(
        IAsyncStreamReader<StreamingInputCallRequest> requestStream,
        ServerCallContext context)
    {
        EchoTrailingMetadata(context);
        var aggregatedPayloadSize = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            EnsureRequestCompression(request.ExpectCompressed, compressed: context.IsLastRequestMessageCompressed() == true);
            aggregatedPayloadSize += request.Payload?.Body.Length ?? 0;
        }

        await WriteResponseHeadersAsync(context, compressResponses: false);
        return new StreamingInputCallResponse { AggregatedPayloadSize = aggregatedPayloadSize };
    }

    public async Task FullDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requestStream,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        ServerCallContext context)
    {
        EchoTrailingMetadata(context);

        // Response headers go out once, so whether the call compresses is decided by the first request.
        var headersSent = false;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            ThrowIfEchoStatus(request.ResponseStatus);
            if (!headersSent)
            {
                await WriteResponseHeadersAsync(context, AsksForCompression(request));
                headersSent = true;
            }

            await WriteResponsesAsync(request, responseStream, context.CancellationToken);
        }

        if (!headersSent)
        {
            await WriteResponseHeadersAsync(context, compressResponses: false);
        }
    }

    public async Task HalfDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requestStream,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        ServerCallContext context)
    {
        EchoTrailingMetadata(context);
        var requests = new List<StreamingOutputCallRequest>();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            ThrowIfEchoStatus(request.ResponseStatus);
            requests.Add(request);
        }

        await WriteResponseHeadersAsync(context, requests.Any(AsksForCompression));
        foreach (var request in requests)
        {
            await WriteResponsesAsync(request, responseStream, context.CancellationToken);
        }
    }

    private static async Task WriteResponsesAsync(
        StreamingOutputCallRequest request,
        IServerStreamWriter<StreamingOutputCallResponse> responseStream,
        CancellationToken cancellationToken)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            // interval_us is a pause before each response, relative to the previous one.
            if (parameters.IntervalUs > 0)
            {
                await Task.Delay(TimeSpan.FromMicroseconds(parameters.IntervalUs), cancellationToken);
            }

            var response = new StreamingOutputCallResponse { Payload = CreatePayload(request.ResponseType, parameters.Size) };
            responseStream.WriteOptions = parameters.Compressed?.Value == true ? WriteOptions.Default : UncompressedWrite;
            await responseStream.WriteAsync(response, cancellationToken);
        }
    }

    private static bool AsksForCompression(StreamingOutputCallRequest request)
        => request.ResponseParameters.Any(parameters => parameters.Compressed?.Value == true);

    private static Payload CreatePayload(PayloadType type, int size)
    {
        if (type != PayloadType.Compressable)
        {
            ThrowInvalidArgument($"Unsupported response_type {type}.");
        }

        if (size < 0)
        {
            ThrowInvalidArgument($"Response size {size} is negative.");
        }

        return new Payload { Type = type, Body = ByteString.CopyFrom(new byte[size]) };
    }

    /// <summary>CompressedRequest: <c>expect_compressed</c> must match how the message travelled.</summary>
    private static void EnsureRequestCompression(BoolValue? expectCompressed, bool compressed)
    {
        if (expectCompressed is not null && compressed != expectCompressed.Value)
        {
            ThrowInvalidArgument(expectCompressed.Value
                ? "Expected a compressed request message but it arrived uncompressed."
                : "Expected an uncompressed request message but it arrived compressed.");
        }
    }

    /// <summary>Echo Status: a request carrying <c>response_status</c> ends the call with that status.</summary>
    private static void ThrowIfEchoStatus(EchoStatus? status)
    {
        if (status is not null && status.Code != (int)StatusCode.OK)
        {
            throw new RpcException(new Status((StatusCode)status.Code, status.Message));
        }
    }

    private static void EchoTrailingMetadata(ServerCallContext context)
    {
        if (context.RequestHeaders.GetValueBytes(EchoTrailingMetadataKey) is { } value)
        {
            context.ResponseTrailers.Add(EchoTrailingMetadataKey, value);
        }
    }

    private static Metadata EchoInitialMetadata(ServerCallContext context)
    {
        var headers = new Metadata();
        if (context.RequestHeaders.GetValue(EchoInitialMetadataKey) is { } value)
        {
            headers.Add(EchoInitialMetadataKey, value);
        }

        return headers;
    }

    /// <summary>Sends the response headers when there is something to say in them: the echoed
    /// initial metadata, or the request to compress responses. Otherwise they go out with the first message.</summary>
    private static Task WriteResponseHeadersAsync(ServerCallContext context, bool compressResponses)
    {
        var headers = EchoInitialMetadata(context);
        if (compressResponses)
        {
            headers.Add(ResponseEncodingRequestKey, ResponseEncoding);
        }

        return headers.Count == 0 ? Task.CompletedTask : context.WriteResponseHeadersAsync(headers);
    }

    [DoesNotReturn]
    private static void ThrowInvalidArgument(string detail) => throw new RpcException(new Status(StatusCode.InvalidArgument, detail));
}
