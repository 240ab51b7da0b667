using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Threading.Channels;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Tests.Infrastructure;

/// <summary>
/// Drives the server with <see cref="HttpClient"/> over cleartext HTTP/2 (prior knowledge) and hand-framed bodies,
/// since the project's own gRPC client is written elsewhere. All calls of one client share one HTTP/2 connection.
/// </summary>
internal sealed class RawGrpcClient : IDisposable
{
    private readonly HttpClient _httpClient;

    public RawGrpcClient(Uri address)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        };
        _httpClient = new HttpClient(handler)
        {
            BaseAddress = address,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>A gRPC request: POST, <c>content-type: application/grpc</c> and <c>te: trailers</c>.</summary>
    public static HttpRequestMessage CreateRequest(string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content ?? new ByteArrayContent([]),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    /// <summary>Sends a whole request body and reads the whole response.</summary>
    public Task<GrpcResponse> CallAsync(string path, byte[] body, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        var request = CreateRequest(path, new ByteArrayContent(body));
        configure?.Invoke(request);
        return SendAsync(request, cancellationToken);
    }

    public async Task<GrpcResponse> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return GrpcResponse.Create(response, body);
    }

    /// <summary>Starts a streaming call whose request body stays open until <see cref="StreamingCall.CompleteRequestAsync"/>.</summary>
    public StreamingCall StartStreaming(string path, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        var content = new PushContent();
        var request = CreateRequest(path, content);
        configure?.Invoke(request);
        return new StreamingCall(_httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken), content, cancellationToken);
    }

    public Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
        => _httpClient.SendAsync(request, cancellationToken);

    public void Dispose() => _httpClient.Dispose();

    /// <summary>A request body written piece by piece while the response is read.</summary>
    internal sealed class PushContent : HttpContent
    {
        private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>();

        public ValueTask WriteAsync(byte[] chunk) => _chunks.Writer.WriteAsync(chunk);

        public void Complete() => _chunks.Writer.TryComplete();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await foreach (var chunk in _chunks.Reader.ReadAllAsync(cancellationToken))
            {
                await stream.WriteAsync(chunk, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
            => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    /// <summary>A call in flight: write request messages, read response messages, then the status.</summary>
    public sealed class StreamingCall : IAsyncDisposable
    {
        private readonly Task<HttpResponseMessage> _responseTask;
        private readonly PushContent _content;
        private readonly CancellationToken _cancellationToken;
        private HttpResponseMessage? _response;
        private PipeReader? _reader;

        internal StreamingCall(Task<HttpResponseMessage> responseTask, PushContent content, CancellationToken cancellationToken)
        {
            _responseTask = responseTask;
            _content = content;
            _cancellationToken = cancellationToken;
        }

        public Task<HttpResponseMessage> ResponseTask => _responseTask;

        public ValueTask SendAsync(byte[] payload) => _content.WriteAsync(GrpcWire.Frame(payload));

        public ValueTask SendRawAsync(byte[] bytes) => _content.WriteAsync(bytes);

        public Task CompleteRequestAsync()
        {
            _content.Complete();
            return Task.CompletedTask;
        }

        /// <summary>The next response message, or null at the end of the response.</summary>
        public async Task<byte[]?> ReadMessageAsync(int maxSize = 64 * 1024 * 1024)
        {
            var reader = await GetReaderAsync();
            return await GrpcMessageCodec.ReadMessageAsync(reader, new MessageReadSettings(maxSize, Compression.GzipCompressionProvider.Default), _cancellationToken);
        }

        public async Task<HttpResponseMessage> GetResponseAsync() => _response ??= await _responseTask.WaitAsync(TestTimeouts.Default);

        /// <summary>Reads to the end of the response and returns its status, from the trailers or the Trailers-Only headers.</summary>
        public async Task<(StatusCode Code, string Message)> ReadStatusAsync()
        {
            while (await ReadMessageAsync() is not null)
            {
            }

            var response = await GetResponseAsync();
            return GrpcResponse.ReadStatus(response.Headers, response.TrailingHeaders);
        }

        public async ValueTask DisposeAsync()
        {
            _content.Complete();
            if (_reader is not null)
            {
                await _reader.CompleteAsync();
            }

            _response?.Dispose();
            if (_response is null && _responseTask.IsCompletedSuccessfully)
            {
                _responseTask.Result.Dispose();
            }
        }

        private async Task<PipeReader> GetReaderAsync()
        {
            if (_reader is null)
            {
                var response = await GetResponseAsync();
                _reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(_cancellationToken));
            }

            return _reader;
        }
    }
}
