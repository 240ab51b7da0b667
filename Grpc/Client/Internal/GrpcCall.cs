using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using OrleansChat.Grpc.Compression;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Client.Internal;

/// <summary>
/// One client call over one HTTP/2 stream: sends the request headers and body, reads the response headers,
/// messages and trailers, and settles the call's single final <see cref="Status"/>. The status is decided
/// once, by whichever comes first: the server's trailers (or Trailers-Only headers), a transport failure,
/// or a local cancellation (deadline, caller token, dispose), which also resets the stream with
/// RST_STREAM(CANCEL) so the server's handler sees it.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse> : IDisposable
{
    /// <summary>grpc-dotnet's convention: this call header names the request encoding. It selects the
    /// compressor and is sent as <c>grpc-encoding</c>, never under its own name.</summary>
    public const string RequestEncodingHeader = "grpc-internal-encoding-request";

    private const string LoggerCategory = "OrleansChat.Grpc.Client.GrpcCall";

    /// <summary>The longest due time a <see cref="Timer"/> takes; later deadlines are left to the server.</summary>
    private static readonly TimeSpan MaxTimerDueTime = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _callCts = new();
    private readonly TaskCompletionSource<Status> _statusTcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly DateTime? _deadline;
    private readonly ICompressionProvider? _requestCompressor;
    private readonly string? _requestEncoding;

    private Task<bool> _headersTask = Task.FromResult(false);
    private Timer? _deadlineTimer;
    private CancellationTokenRegistration _callerCancellation;
    private StreamingRequestContent? _requestContent;
    private HttpResponseMessage? _response;
    private PipeReader? _responseReader;
    private MessageReadSettings _readSettings;
    private Metadata? _responseHeaders;
    private Metadata? _trailers;
    private readonly bool _expectsSingleResponse;
    private bool _finished;
    private int _messagesReceived;

    /// <param name="expectsSingleResponse">True for unary and client-streaming calls: exactly one response message.</param>
    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options, bool expectsSingleResponse)
    {
        ObjectDisposedException.ThrowIf(channel.IsDisposed, channel);
        _channel = channel;
        _method = method;
        Options = options;
        _logger = channel.LoggerFactory.CreateLogger(LoggerCategory);
        _deadline = ToUtcDeadline(options.Deadline);
        _expectsSingleResponse = expectsSingleResponse;

        var encoding = options.Headers?.GetValue(RequestEncodingHeader);
        if (encoding is not null && encoding != GrpcProtocolConstants.IdentityEncoding)
        {
            _requestCompressor = channel.FindCompressionProvider(encoding)
                ?? throw new InvalidOperationException(
                    $"Request encoding '{encoding}' (call header {RequestEncodingHeader}) has no compression provider; the channel has: {channel.AcceptEncoding}.");
            _requestEncoding = encoding;
        }
    }

    public CallOptions Options { get; }

    public GrpcChannel Channel => _channel;

    /// <summary>True once response headers with a body to read have come; false when the call ended without
    /// them (Trailers-Only, a bad response, a failure or a cancellation). Never faults.</summary>
    public Task<bool> HeadersTask => _headersTask;

    /// <summary>Completes with the final status; never faults.</summary>
    public Task<Status> StatusTask => _statusTcs.Task;

    /// <summary>Cancelled when the call ends by cancellation or failure.</summary>
    public CancellationToken CallToken => _callCts.Token;

    /// <summary>The request stream of a streaming call, once the handler has sent the request headers.</summary>
    public Task<Stream> RequestStream => _requestContent?.RequestStream ?? throw new InvalidOperationException("The call has no request stream.");

    private string MethodName => _method.FullName;

    public void StartUnary(TRequest request)
    {
        if (!TryFrameMessage(request, Options.WriteOptions, out var frame, out var error))
        {
            GrpcClientLog.StartingCall(_logger, _method.Type, _channel.GetMethodUri(_method));
            TryFinish(error, new Metadata(), abort: false);
            return;
        }

        Start(new UnaryRequestContent(frame));
    }

    public void StartStreaming()
    {
        _requestContent = new StreamingRequestContent();
        Start(_requestContent);
    }

    private void Start(HttpContent content)
    {
        var uri = _channel.GetMethodUri(_method);
        GrpcClientLog.StartingCall(_logger, _method.Type, uri);

        TimeSpan? timeout = null;
        if (_deadline is { } deadline)
        {
            timeout = deadline - DateTime.UtcNow;
            if (timeout <= TimeSpan.Zero)
            {
                // Like grpc core: a call whose deadline has passed fails at once and is never sent.
                content.Dispose();
                GrpcClientLog.DeadlineExceeded(_logger, MethodName);
                TryFinish(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"), new Metadata(), abort: true);
                return;
            }
        }

        HttpRequestMessage request;
        try
        {
            request = CreateRequest(uri, content, timeout);
        }
        catch
        {
            content.Dispose();
            throw;
        }

        if (timeout is { } due)
        {
            GrpcClientLog.StartingDeadlineTimeout(_logger, MethodName, due);
            if (due <= MaxTimerDueTime)
            {
                _deadlineTimer = new Timer(static state => ((GrpcCall<TRequest, TResponse>)state!).OnDeadline(), this, due, Timeout.InfiniteTimeSpan);
            }
        }

        if (Options.CancellationToken.CanBeCanceled)
        {
            _callerCancellation = Options.CancellationToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).CancelByCaller(), this);
        }

        _headersTask = SendAsync(request);
    }

    private HttpRequestMessage CreateRequest(Uri uri, HttpContent content, TimeSpan? timeout)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };

        var headers = request.Headers;
        headers.TE.Add(new TransferCodingWithQualityHeaderValue(GrpcProtocolConstants.TeTrailers));
        if (_channel.TargetNameOverride is { } targetName)
        {
            // SocketsHttpHandler takes SNI and the certificate name from Host; grpc's override sets :authority too.
            headers.Host = targetName;
        }

        if (timeout is { } value)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.TimeoutHeader, GrpcTimeout.Format(value));
        }

        if (_requestEncoding is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocolConstants.MessageEncodingHeader, _requestEncoding);
        }

        headers.TryAddWithoutValidation(GrpcProtocolConstants.MessageAcceptEncodingHeader, _channel.AcceptEncoding);

        var userAgent = GrpcProtocolConstants.UserAgent;
        if (Options.Headers is { } metadata)
        {
            foreach (var entry in metadata)
            {
                if (entry.Key == RequestEncodingHeader || MetadataHeaders.IsReserved(entry.Key))
                {
                    continue;
                }

                if (!entry.IsBinary)
                {
                    ValidateAsciiValue(entry);
                }

                if (entry.Key == GrpcProtocolConstants.UserAgentHeader)
                {
                    // As in grpc core, the application's user-agent comes first, then the library's.
                    userAgent = entry.Value + " " + GrpcProtocolConstants.UserAgent;
                    continue;
                }

                headers.TryAddWithoutValidation(entry.Key, MetadataHeaders.FormatValue(entry));
            }
        }

        headers.TryAddWithoutValidation(GrpcProtocolConstants.UserAgentHeader, userAgent);
        return request;
    }

    private async Task<bool> SendAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response;
        try
        {
            response = await _channel.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _callCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Every failure to get response headers becomes the call's status (connect, TLS, reset, cancel).
            FinishWithException(ex);
            return false;
        }

        lock (_lock)
        {
            if (!_finished)
            {
                _response = response;
            }
        }

        if (_response is null)
        {
            // Cancelled while the headers were on their way.
            response.Dispose();
            return false;
        }

        GrpcClientLog.ResponseHeadersReceived(_logger, MethodName);
        if (TryReadStatus(response.Headers, out var trailersOnlyStatus))
        {
            // Trailers-Only: the headers are the trailers, and no message follows.
            _responseHeaders = trailersOnlyStatus.StatusCode == StatusCode.OK ? new Metadata() : null;
            TryFinish(CheckResponseCount(trailersOnlyStatus), BuildMetadata(response.Headers), abort: false);
            return false;
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return FailBadResponse(ClientStatusMapping.FromHttpStatus(response.StatusCode));
        }

        var contentType = GetHeader(response.Content.Headers, GrpcProtocolConstants.ContentTypeHeader);
        if (!GrpcProtocolConstants.IsGrpcContentType(contentType))
        {
            return FailBadResponse(new Status(
                StatusCode.Unknown,
                $"Bad gRPC response. Invalid content-type value: '{contentType ?? "(none)"}'; expected application/grpc."));
        }

        ICompressionProvider? decompressor = null;
        var encoding = GetHeader(response.Headers, GrpcProtocolConstants.MessageEncodingHeader);
        if (encoding is not null && encoding != GrpcProtocolConstants.IdentityEncoding)
        {
            decompressor = _channel.FindCompressionProvider(encoding);
            if (decompressor is null)
            {
                return FailBadResponse(new Status(
                    StatusCode.Internal,
                    $"Unsupported grpc-encoding value '{encoding}' in the response; this client accepts {_channel.AcceptEncoding}."));
            }
        }

        _readSettings = new MessageReadSettings(_channel.MaxReceiveMessageSize ?? int.MaxValue, decompressor);
        _responseHeaders = BuildMetadata(response.Headers);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(_callCts.Token).ConfigureAwait(false);
            _responseReader = PipeReader.Create(body, new StreamPipeReaderOptions(leaveOpen: true));
        }
        catch (Exception ex)
        {
            FinishWithException(ex);
            return false;
        }

        return true;
    }

    private bool FailBadResponse(Status status)
    {
        GrpcClientLog.BadResponse(_logger, MethodName, status.Detail);
        TryFinish(status, new Metadata(), abort: true);
        return false;
    }

    /// <summary>The response headers' custom metadata; faults with the call's error when the call ended without headers.</summary>
    public async Task<Metadata> GetResponseHeadersAsync()
    {
        if (await _headersTask.ConfigureAwait(false))
        {
            return _responseHeaders!;
        }

        var status = await _statusTcs.Task.ConfigureAwait(false);
        if (status.StatusCode == StatusCode.OK)
        {
            return _responseHeaders ?? new Metadata();
        }

        throw CreateException(status);
    }

    /// <summary>The single response of a unary or client-streaming call.</summary>
    public async Task<TResponse> GetResponseAsync()
    {
        var (found, message) = await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false);
        if (!found)
        {
            // The status is not OK here: CheckResponseCount turns OK without a message into INTERNAL.
            throw CreateException(await _statusTcs.Task.ConfigureAwait(false));
        }

        var (more, _) = await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false);
        if (more)
        {
            Cancel(new Status(StatusCode.Internal, "More than one message received for a call with a single response."));
            throw CreateException(await _statusTcs.Task.ConfigureAwait(false));
        }

        return message;
    }

    /// <summary>Reads the next response message; at the end of the body reads the trailers, and throws
    /// <see cref="RpcException"/> unless the status is OK. Cancelling <paramref name="cancellationToken"/>
    /// cancels the call.</summary>
    public async ValueTask<(bool Found, TResponse Message)> ReadMessageAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).CancelByCaller(), this)
            : default;

        if (!await _headersTask.ConfigureAwait(false) || _statusTcs.Task.IsCompleted)
        {
            ThrowIfFailed(await _statusTcs.Task.ConfigureAwait(false));
            return (false, default!);
        }

        byte[]? payload;
        try
        {
            payload = await GrpcMessageCodec.ReadMessageAsync(_responseReader!, _readSettings, _callCts.Token).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // The message is unacceptable (too large, undecodable): stop the server with RST_STREAM(CANCEL).
            GrpcClientLog.MessageError(_logger, MethodName, ex.StatusCode, ex.Status.Detail);
            Cancel(ex.Status);
            throw CreateException(await _statusTcs.Task.ConfigureAwait(false));
        }
        catch (Exception ex)
        {
            FinishWithException(ex);
            throw CreateException(await _statusTcs.Task.ConfigureAwait(false));
        }

        if (payload is null)
        {
            await _responseReader!.CompleteAsync().ConfigureAwait(false);
            FinishFromTrailers();
            ThrowIfFailed(await _statusTcs.Task.ConfigureAwait(false));
            return (false, default!);
        }

        GrpcClientLog.ReceivedMessage(_logger, payload.Length, MethodName);
        TResponse message;
        try
        {
            message = _method.ResponseMarshaller.Deserializer(payload);
        }
        catch (Exception ex)
        {
            Cancel(new Status(StatusCode.Internal, $"Failed to deserialize the response message: {ex.Message}"));
            throw CreateException(await _statusTcs.Task.ConfigureAwait(false));
        }

        _messagesReceived++;
        return (true, message);
    }

    private void FinishFromTrailers()
    {
        var trailers = _response!.TrailingHeaders;
        if (!TryReadStatus(trailers, out var status))
        {
            status = trailers.NonValidated.Count == 0
                ? new Status(StatusCode.Internal, "The server closed the stream without sending trailers (no status received).")
                : new Status(StatusCode.Unknown, "The response trailers carry no grpc-status (no status received).");
        }

        TryFinish(CheckResponseCount(status), BuildMetadata(trailers), abort: false);
    }

    /// <summary>A unary or client-streaming call that ends OK without its response message has failed.</summary>
    private Status CheckResponseCount(Status status)
        => status.StatusCode == StatusCode.OK && _expectsSingleResponse && _messagesReceived == 0
            ? new Status(StatusCode.Internal, "The server ended the call with OK but sent no response message.")
            : status;

    /// <summary>Frames one request message (compressed unless the write options say NoCompress).</summary>
    public bool TryFrameMessage(TRequest message, WriteOptions? writeOptions, out ReadOnlyMemory<byte> frame, out Status error)
    {
        frame = default;
        error = default;
        byte[] payload;
        try
        {
            payload = _method.RequestMarshaller.Serializer(message);
        }
        catch (Exception ex)
        {
            error = new Status(StatusCode.Internal, $"Failed to serialize the request message: {ex.Message}");
            return false;
        }

        if (_channel.MaxSendMessageSize is { } max && payload.Length > max)
        {
            error = new Status(StatusCode.ResourceExhausted, $"Sending message larger than max ({payload.Length} vs. {max})");
            return false;
        }

        var compressor = writeOptions is not null && writeOptions.Flags.HasFlag(WriteFlags.NoCompress) ? null : _requestCompressor;
        var writer = new ArrayBufferWriter<byte>(payload.Length + GrpcProtocolConstants.HeaderSize);
        GrpcMessageCodec.WriteMessage(writer, payload, compressor);
        GrpcClientLog.SendingMessage(_logger, payload.Length, MethodName, compressor is not null);
        frame = writer.WrittenMemory;
        return true;
    }

    /// <summary>Ends the request body of a streaming call (END_STREAM).</summary>
    public void CompleteRequest()
    {
        GrpcClientLog.RequestCompleted(_logger, MethodName);
        _requestContent?.Complete();
    }

    /// <summary>Ends the call now with <paramref name="status"/> and resets its stream; false if it had already ended.</summary>
    public bool Cancel(Status status)
    {
        if (!TryFinish(status, new Metadata(), abort: true))
        {
            return false;
        }

        if (status.StatusCode == StatusCode.DeadlineExceeded)
        {
            GrpcClientLog.DeadlineExceeded(_logger, MethodName);
        }
        else
        {
            GrpcClientLog.CanceledCall(_logger, MethodName, status.Detail);
        }

        return true;
    }

    public Status GetStatus()
        => _statusTcs.Task.IsCompleted
            ? _statusTcs.Task.Result
            : throw new InvalidOperationException("Unable to get the status because the call is not complete.");

    public Metadata GetTrailers()
        => _statusTcs.Task.IsCompleted
            ? _trailers!
            : throw new InvalidOperationException("Unable to get the trailers because the call is not complete.");

    public RpcException CreateException(Status status) => new(status, _trailers ?? new Metadata());

    /// <summary>Cancels the call if it is still running (RST_STREAM(CANCEL)) and releases its resources.</summary>
    public void Dispose() => Cancel(new Status(StatusCode.Cancelled, "Call disposed before it completed."));

    private void OnDeadline() => Cancel(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded"));

    private void CancelByCaller() => Cancel(new Status(StatusCode.Cancelled, "Call canceled by the client."));

    private void FinishWithException(Exception exception)
    {
        if (_statusTcs.Task.IsCompleted)
        {
            return;
        }

        var status = _channel.IsDisposed
            ? new Status(StatusCode.Unavailable, "The channel was disposed.")
            : ClientStatusMapping.FromTransportException(exception, _channel.Address);
        if (TryFinish(status, new Metadata(), abort: true))
        {
            GrpcClientLog.TransportError(_logger, MethodName, status.StatusCode, exception);
        }
    }

    private bool TryFinish(Status status, Metadata trailers, bool abort)
    {
        HttpResponseMessage? response;
        lock (_lock)
        {
            if (_finished)
            {
                return false;
            }

            _finished = true;
            _trailers = trailers;
            response = _response;
        }

        _statusTcs.TrySetResult(status);
        if (status.StatusCode == StatusCode.OK)
        {
            GrpcClientLog.FinishedCall(_logger, MethodName, status.StatusCode);
        }
        else
        {
            GrpcClientLog.GrpcStatusError(_logger, MethodName, status.StatusCode, status.Detail);
        }

        _deadlineTimer?.Dispose();
        _callerCancellation.Unregister();
        if (abort)
        {
            // Stops SendAsync, pending reads and the request body; SocketsHttpHandler resets the stream with CANCEL.
            _callCts.Cancel();
            _requestContent?.Abort();
        }
        else
        {
            _requestContent?.Complete();
        }

        // Disposing a response whose body is unfinished also resets the stream.
        response?.Dispose();
        return true;
    }

    private void ThrowIfFailed(Status status)
    {
        if (status.StatusCode != StatusCode.OK)
        {
            throw CreateException(status);
        }
    }

    private Metadata BuildMetadata(HttpHeaders headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers.NonValidated)
        {
            foreach (var value in values)
            {
                try
                {
                    MetadataHeaders.AddReceived(metadata, name, value);
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException)
                {
                    GrpcClientLog.InvalidResponseMetadata(_logger, name, MethodName, ex.Message);
                }
            }
        }

        return metadata;
    }

    private static bool TryReadStatus(HttpHeaders headers, out Status status)
    {
        var rawStatus = GetHeader(headers, GrpcProtocolConstants.StatusTrailer);
        if (rawStatus is null)
        {
            status = default;
            return false;
        }

        var message = GetHeader(headers, GrpcProtocolConstants.MessageTrailer);
        var detail = message is null ? string.Empty : PercentEncoding.Decode(message);
        if (!int.TryParse(rawStatus, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            status = new Status(StatusCode.Unknown, $"Invalid grpc-status value '{rawStatus}'. {detail}".TrimEnd());
            return true;
        }

        // statuscodes.md: codes outside the defined range are treated as UNKNOWN.
        status = new Status(code is >= 0 and <= (int)StatusCode.Unauthenticated ? (StatusCode)code : StatusCode.Unknown, detail);
        return true;
    }

    private static string? GetHeader(HttpHeaders headers, string name)
    {
        if (!headers.NonValidated.TryGetValues(name, out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            return value;
        }

        return null;
    }

    private static void ValidateAsciiValue(Metadata.Entry entry)
    {
        foreach (var c in entry.Value)
        {
            if (c is < ' ' or > '~')
            {
                throw new ArgumentException(
                    $"Metadata value of '{entry.Key}' has a character outside printable ASCII; send bytes under a key ending in '-bin'.");
            }
        }
    }

    private static DateTime? ToUtcDeadline(DateTime? deadline)
    {
        if (deadline is not { } value || value == DateTime.MaxValue)
        {
            return null;
        }

        return value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc);
    }
}
