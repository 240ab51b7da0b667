using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using OrleansChat.Grpc.Compression;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>
/// One server call on top of an <see cref="Microsoft.AspNetCore.Http.HttpContext"/>. It owns everything that goes
/// onto the response: the headers, the message frames (under <see cref="_responseLock"/>, so the single writer of a
/// stream, a unary response and the final status never interleave) and the status, sent once.
/// </summary>
internal sealed class HttpContextServerCallContext : ServerCallContext, IDisposable
{
    /// <summary>grpc-dotnet's convention: a handler puts this in the metadata it gives to
    /// <see cref="WriteResponseHeadersAsync"/> to ask for compressed responses; it never reaches the wire.</summary>
    public const string CompressionRequestHeader = "grpc-internal-encoding-request";

    private static readonly Status DeadlineExceededStatus = new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    /// <summary>How long the deadline path waits for a blocked write to finish before it resets the stream.</summary>
    private static readonly TimeSpan DeadlineCompletionGrace = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay a timer can wait; a later deadline is never reached in practice.</summary>
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly ServerCallHandlerServices _services;
    private readonly SemaphoreSlim _responseLock = new(1, 1);
    private readonly CancellationTokenSource _callCts;
    private readonly CancellationToken _callToken;
    private readonly TaskCompletionSource _deadlineReached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Metadata _responseTrailers = [];
    private ITimer? _deadlineTimer;
    private TimeSpan _timeout;
    private DateTime _deadline = DateTime.MaxValue;
    private Metadata _requestHeaders = [];
    private Dictionary<object, object>? _userState;
    private ICompressionProvider? _requestDecompressor;
    private ICompressionProvider? _responseCompressor;
    private string? _requestedResponseEncoding;
    private string? _peer;
    private Status? _readFailure;
    private bool _completed;
    private volatile bool _deadlineExceeded;

    public HttpContextServerCallContext(HttpContext httpContext, string method, ServerCallHandlerServices services)
    {
        HttpContext = httpContext;
        Method = method;
        _services = services;
        _callCts = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
        _callToken = _callCts.Token;
    }

    public HttpContext HttpContext { get; }

    public ILogger Logger => _services.Logger;

    public GrpcServerOptions Options => _services.Options;

    public override string Method { get; }

    public override string Host => HttpContext.Request.Host.Value ?? string.Empty;

    public override string Peer => _peer ??= FormatPeer(HttpContext.Connection);

    public override DateTime Deadline => _deadline;

    public override Metadata RequestHeaders => _requestHeaders;

    public override CancellationToken CancellationToken => _callToken;

    public override Metadata ResponseTrailers => _responseTrailers;

    public override Status Status { get; set; } = Status.DefaultSuccess;

    public override WriteOptions? WriteOptions { get; set; }

    public override X509Certificate2? ClientCertificate => HttpContext.Connection.ClientCertificate;

    public override IDictionary<object, object> UserState => _userState ??= [];

    /// <summary>Completes when the call's <c>grpc-timeout</c> runs out; never without one.</summary>
    public Task DeadlineReached => _deadlineReached.Task;

    public bool HasDeadline => _deadlineTimer is not null;

    /// <summary>Whether the last request message read had its compressed flag set; null before the first.</summary>
    public bool? LastRequestMessageCompressed { get; private set; }

    /// <summary>The status of a request message that could not be read or decoded; it ends the call even if the
    /// handler swallows the exception.</summary>
    public Status? ReadFailure => _readFailure;

    private MessageReadSettings ReadSettings => new(Options.MaxReceiveMessageSize, _requestDecompressor);

    /// <summary>Reads the call's headers: request encoding, metadata and deadline. Returns the status to end the
    /// call with when one of them is unacceptable, or null.</summary>
    public Status? Initialize()
    {
        var request = HttpContext.Request;

        var encoding = request.Headers[GrpcProtocolConstants.MessageEncodingHeader].ToString();
        if (encoding.Length > 0 && encoding != GrpcProtocolConstants.IdentityEncoding)
        {
            _requestDecompressor = CompressionProviders.Find(_services.CompressionProviders, encoding);
            if (_requestDecompressor is null)
            {
                GrpcServerLog.UnsupportedRequestEncoding(Logger, encoding);
                var supported = string.Join(", ", _services.AcceptEncoding.Split(','));
                return new Status(StatusCode.Unimplemented, $"Unsupported grpc-encoding value '{encoding}'. Supported encodings: {supported}");
            }
        }

        var headers = new Metadata();
        foreach (var header in request.Headers)
        {
            if (MetadataHeaders.IsReserved(header.Key))
            {
                continue;
            }

            try
            {
                foreach (var value in header.Value)
                {
                    if (value is not null)
                    {
                        MetadataHeaders.AddReceived(headers, header.Key, value);
                    }
                }
            }
            catch (FormatException ex)
            {
                GrpcServerLog.InvalidBinaryMetadata(Logger, header.Key, ex);
                return new Status(StatusCode.Internal, $"Invalid base64 value in binary metadata '{header.Key}'.");
            }
            catch (ArgumentException)
            {
                // A header name outside gRPC's key alphabet (a proxy's, say) is no metadata; skip it.
                GrpcServerLog.InvalidMetadataDropped(Logger, header.Key);
            }
        }

        _requestHeaders = headers;

        var timeoutHeader = request.Headers[GrpcProtocolConstants.TimeoutHeader].ToString();
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var timeout))
            {
                // grpc-dotnet and grpc core both ignore a malformed timeout rather than fail the call.
                GrpcServerLog.InvalidTimeoutIgnored(Logger, timeoutHeader);
            }
            else if (timeout <= TimeSpan.Zero)
            {
                _deadlineExceeded = true;
                return DeadlineExceededStatus;
            }
            else
            {
                _timeout = timeout;
                var now = DateTime.UtcNow;
                _deadline = timeout < DateTime.MaxValue - now ? now + timeout : DateTime.MaxValue;
                if (timeout <= MaxTimerDelay)
                {
                    _deadlineTimer = TimeProvider.System.CreateTimer(
                        static state => ((HttpContextServerCallContext)state!)._deadlineReached.TrySetResult(),
                        this,
                        timeout,
                        Timeout.InfiniteTimeSpan);
                }
            }
        }

        return null;
    }

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);

        await _responseLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                throw new InvalidOperationException("Can't write response headers because the call is complete.");
            }

            if (HttpContext.Response.HasStarted)
            {
                throw new InvalidOperationException("Response headers can only be sent once per call.");
            }

            var headers = HttpContext.Response.Headers;
            var application = new Metadata();
            foreach (var entry in responseHeaders)
            {
                if (entry.Key == CompressionRequestHeader && !entry.IsBinary)
                {
                    _requestedResponseEncoding = entry.Value;
                }
                else
                {
                    application.Add(entry);
                }
            }

            GrpcResponseHeaders.AppendMetadata(application, (key, value) => headers.Append(key, value), Logger);
            await StartResponseCoreAsync().ConfigureAwait(false);
            await FlushResponseAsync().ConfigureAwait(false);
        }
        finally
        {
            _responseLock.Release();
        }
    }

    /// <summary>Reads the next request message; null at the end of the request stream.</summary>
    public async ValueTask<byte[]?> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var callToken = CancellationToken;
        CancellationTokenSource? linked = null;
        var token = callToken;
        if (cancellationToken.CanBeCanceled && cancellationToken != callToken)
        {
            linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken);
            token = linked.Token;
        }

        try
        {
            var reader = HttpContext.Request.BodyReader;

            // Note the compressed flag of the next message without consuming anything.
            var peek = await reader.ReadAsync(token).ConfigureAwait(false);
            var compressed = !peek.Buffer.IsEmpty && peek.Buffer.FirstSpan[0] == GrpcProtocolConstants.CompressedFlag;
            reader.AdvanceTo(peek.Buffer.Start);

            var message = await GrpcMessageCodec.ReadMessageAsync(reader, ReadSettings, token).ConfigureAwait(false);
            if (message is not null)
            {
                LastRequestMessageCompressed = compressed;
            }

            return message;
        }
        catch (RpcException ex)
        {
            GrpcServerLog.ErrorReadingMessage(Logger, ex);
            _readFailure ??= ex.Status;
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && callToken.IsCancellationRequested)
        {
            // The client reset the stream or the deadline passed: reads fail with transport errors.
            throw new OperationCanceledException("The call was cancelled while reading a message.", ex, callToken);
        }
        finally
        {
            linked?.Dispose();
        }
    }

    /// <summary>Reads the only message of a unary or server-streaming request, which must end right after it.</summary>
    public async Task<T> ReadSingleMessageAsync<T>(Func<ReadOnlyMemory<byte>, T> deserializer)
    {
        var payload = await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false)
            ?? throw ReadError(new Status(StatusCode.Internal, "Incomplete message."));

        if (await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false) is not null)
        {
            throw ReadError(new Status(StatusCode.Internal, "Additional data after the message received."));
        }

        return Deserialize(payload, deserializer);
    }

    public T Deserialize<T>(byte[] payload, Func<ReadOnlyMemory<byte>, T> deserializer)
    {
        try
        {
            return deserializer(payload);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            GrpcServerLog.ErrorDeserializingMessage(Logger, ex);
            var status = new Status(StatusCode.Internal, "Failed to deserialize request message.");
            _readFailure ??= status;
            throw new RpcException(status, new Metadata(), null, ex);
        }
    }

    /// <summary>Takes the response lock. Returns false (without the lock) once the call is complete.</summary>
    public async ValueTask<bool> EnterResponseAsync()
    {
        await _responseLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        if (_completed)
        {
            _responseLock.Release();
            return false;
        }

        return true;
    }

    public void ExitResponse() => _responseLock.Release();

    /// <summary>Sends the response headers unless they are out already. Call under the response lock.</summary>
    public ValueTask EnsureResponseStartedAsync()
        => HttpContext.Response.HasStarted ? ValueTask.CompletedTask : new ValueTask(StartResponseCoreAsync());

    /// <summary>Frames one message into the response body (not flushed). Call under the response lock after
    /// <see cref="EnsureResponseStartedAsync"/>.</summary>
    public void WriteMessage(ReadOnlySpan<byte> payload, WriteOptions? writeOptions)
    {
        if (Options.MaxSendMessageSize is { } max && payload.Length > max)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, "Sending message exceeds the maximum configured message size."));
        }

        var compressor = _responseCompressor;
        if (compressor is not null && ((writeOptions?.Flags ?? WriteFlags.None) & WriteFlags.NoCompress) != 0)
        {
            compressor = null;
        }

        ResponseMessageFraming.Write(HttpContext.Response.BodyWriter, payload, compressor, Options.ResponseCompressionLevel);
    }

    /// <summary>Flushes the response body: this is where a slow client holds the writer back. No token: Kestrel
    /// resets a stream with INTERNAL_ERROR when a write is cancelled, while a reset or closed stream ends the flush
    /// by itself.</summary>
    public async ValueTask FlushResponseAsync()
    {
        var result = await HttpContext.Response.BodyWriter.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        if (result.IsCanceled || result.IsCompleted)
        {
            // Kestrel reports a reset or closed stream this way, sometimes before RequestAborted fires.
            throw new ResponseStreamClosedException(CancellationToken);
        }
    }

    /// <summary>Writes the single response message of a unary or client-streaming call.</summary>
    public async Task WriteSingleResponseAsync<T>(T response, Func<T, byte[]> serializer)
    {
        var payload = serializer(response);
        if (!await EnterResponseAsync().ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await EnsureResponseStartedAsync().ConfigureAwait(false);
            WriteMessage(payload, WriteOptions);
        }
        finally
        {
            ExitResponse();
        }
    }

    /// <summary>
    /// The deadline passed before the handler finished: cancel the handler, send DEADLINE_EXCEEDED once the write in
    /// flight (if any) is done, then reset the stream with CANCEL so the client stops sending (grpc-dotnet does the
    /// same). A client that does not read would hold the status back forever; after
    /// <see cref="DeadlineCompletionGrace"/> the stream is reset without it, and the client's own deadline reports.
    /// </summary>
    public async Task DeadlineExceededAsync()
    {
        GrpcServerLog.DeadlineExceeded(Logger, _timeout);
        _deadlineExceeded = true;
        await _callCts.CancelAsync().ConfigureAwait(false);

        var completion = CompleteAsync(DeadlineExceededStatus);
        if (await Task.WhenAny(completion, Task.Delay(DeadlineCompletionGrace)).ConfigureAwait(false) != completion)
        {
            GrpcServerLog.DeadlineStatusNotSent(Logger, Method);
        }

        try
        {
            HttpContext.Features.Get<IHttpResetFeature>()?.Reset(GrpcProtocolConstants.Http2ErrorCode.Cancel);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            GrpcServerLog.ErrorSendingMessage(Logger, ex);
        }

        // The reset ends any flush still waiting for the client.
        await completion.ConfigureAwait(false);
    }

    /// <summary>Turns what a handler threw into the call's status.</summary>
    public Status StatusFromException(Exception exception)
    {
        if (_deadlineExceeded)
        {
            return DeadlineExceededStatus;
        }

        if (exception is RpcException rpcException)
        {
            foreach (var entry in rpcException.Trailers)
            {
                _responseTrailers.Add(entry);
            }

            return rpcException.Status;
        }

        if (HttpContext.RequestAborted.IsCancellationRequested
            || (exception is OperationCanceledException && CancellationToken.IsCancellationRequested)
            || IsClientGone(exception))
        {
            // The client is gone: whatever the handler threw on its way out, no status can reach anyone.
            GrpcServerLog.CallCancelledByClient(Logger, Method);
            return new Status(StatusCode.Cancelled, "Call canceled by the client.");
        }

        GrpcServerLog.ErrorExecutingServiceMethod(Logger, Method, exception);
        var detail = Options.EnableDetailedErrors
            ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}"
            : "Exception was thrown by handler.";
        return new Status(StatusCode.Unknown, detail);
    }

    // Kestrel reports a stream reset under a flush (ResponseStreamClosedException) or a connection that failed under a
    // read or write (ConnectionAbortedException, often inside an IOException) sometimes before RequestAborted fires:
    // the client is gone, the handler did no wrong.
    internal static bool IsClientGone(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is ResponseStreamClosedException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Sends the status, once: in trailers after the messages, or, when nothing has been sent yet, as a
    /// Trailers-Only response (one HEADERS frame with END_STREAM). Nothing is sent after the client cancelled.
    /// </summary>
    public async Task CompleteAsync(Status status)
    {
        await _responseLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (HttpContext.RequestAborted.IsCancellationRequested)
            {
                GrpcServerLog.CallCancelledByClient(Logger, Method);
                return;
            }

            if (status.StatusCode != StatusCode.OK)
            {
                GrpcServerLog.RpcConnectionError(Logger, status.StatusCode, status.Detail);
            }

            var response = HttpContext.Response;
            if (!response.HasStarted)
            {
                response.ContentType = GrpcProtocolConstants.GrpcContentType;
                response.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader] = _services.AcceptEncoding;
                GrpcResponseHeaders.SetStatus(response.Headers, status);
                GrpcResponseHeaders.AppendMetadata(_responseTrailers, (key, value) => response.Headers.Append(key, value), Logger);
            }
            else if (!response.SupportsTrailers())
            {
                // Only HTTP/1.x lacks trailers, and the request checks turn it away; without trailers no status
                // can follow the messages, so abort rather than let the client read a truncated call as OK.
                HttpContext.Abort();
                return;
            }
            else
            {
                GrpcResponseHeaders.AppendStatusTrailers(response, status);
                GrpcResponseHeaders.AppendMetadata(_responseTrailers, (key, value) => response.AppendTrailer(key, value), Logger);
            }

            GrpcServerLog.CallCompleted(Logger, Method, status.StatusCode);
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (HttpContext.RequestAborted.IsCancellationRequested || ex is IOException or OperationCanceledException)
        {
            GrpcServerLog.CallCancelledByClient(Logger, Method);
        }
        finally
        {
            _responseLock.Release();
        }
    }

    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        _callCts.Dispose();
    }

    private async Task StartResponseCoreAsync()
    {
        var response = HttpContext.Response;
        response.ContentType = GrpcProtocolConstants.GrpcContentType;
        response.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader] = _services.AcceptEncoding;
        _responseCompressor = ChooseResponseCompressor();
        if (_responseCompressor is not null)
        {
            response.Headers[GrpcProtocolConstants.MessageEncodingHeader] = _responseCompressor.EncodingName;
        }

        await response.StartAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private ICompressionProvider? ChooseResponseCompressor()
    {
        var requested = _requestedResponseEncoding ?? Options.ResponseCompressionAlgorithm;
        if (string.IsNullOrEmpty(requested) || requested == GrpcProtocolConstants.IdentityEncoding)
        {
            return null;
        }

        var acceptEncoding = HttpContext.Request.Headers[GrpcProtocolConstants.MessageAcceptEncodingHeader].ToString();
        var provider = CompressionProviders.Find(_services.CompressionProviders, requested);
        if (provider is null || !CompressionProviders.ParseAcceptEncoding(acceptEncoding).Contains(requested, StringComparer.Ordinal))
        {
            GrpcServerLog.ResponseCompressionNotAccepted(Logger, requested, acceptEncoding);
            return null;
        }

        return provider;
    }

    private RpcException ReadError(Status status)
    {
        var exception = new RpcException(status);
        GrpcServerLog.ErrorReadingMessage(Logger, exception);
        _readFailure ??= status;
        return exception;
    }

    private static string FormatPeer(ConnectionInfo connection)
    {
        var address = connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var port = connection.RemotePort.ToString(CultureInfo.InvariantCulture);
        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? "ipv6:[" + address + "]:" + port
            : "ipv4:" + address + ":" + port;
    }
}
