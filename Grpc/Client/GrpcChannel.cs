using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansChat.Grpc.Client.Internal;
using OrleansChat.Grpc.Compression;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Client;

/// <summary>
/// A long-lived connection point to one gRPC server: one <see cref="HttpClient"/> over one
/// <see cref="SocketsHttpHandler"/> that multiplexes every call over HTTP/2 (opening more connections when
/// the server's stream limit is reached). <c>http://</c> speaks h2c with prior knowledge,
/// <c>https://</c> TLS with ALPN <c>h2</c>. Create one per server and share it; dispose it at shutdown.
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpClient _httpClient;
    private int _disposed;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        MaxReceiveMessageSize = options.MaxReceiveMessageSize;
        MaxSendMessageSize = options.MaxSendMessageSize;
        TargetNameOverride = address.Scheme == Uri.UriSchemeHttps ? options.TargetNameOverride : null;
        CompressionProviders = options.CompressionProviders.ToArray();
        AcceptEncoding = Compression.CompressionProviders.AcceptEncodingValue(CompressionProviders);
        LoggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;

        _httpClient = options.HttpHandler is { } handler
            ? new HttpClient(handler, disposeHandler: false)
            : new HttpClient(ChannelHttpHandler.Create(options), disposeHandler: true);
        _httpClient.Timeout = Timeout.InfiniteTimeSpan;
    }

    /// <summary>The server address calls are sent to; a method's path is appended to it.</summary>
    public Uri Address { get; }

    internal HttpClient HttpClient => _httpClient;

    internal int? MaxReceiveMessageSize { get; }

    internal int? MaxSendMessageSize { get; }

    internal string? TargetNameOverride { get; }

    internal IReadOnlyList<ICompressionProvider> CompressionProviders { get; }

    /// <summary>The <c>grpc-accept-encoding</c> sent with every call, e.g. <c>identity,gzip</c>.</summary>
    internal string AcceptEncoding { get; }

    internal ILoggerFactory LoggerFactory { get; }

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return ForAddress(new Uri(address, UriKind.Absolute), options);
    }

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Address '{address}' must be an absolute http:// (h2c) or https:// (TLS) URI.", nameof(address));
        }

        options ??= new GrpcChannelOptions();
        GrpcChannelOptionsValidator.Validate(options);
        return new GrpcChannel(address, options);
    }

    public CallInvoker CreateCallInvoker()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return new HttpCallInvoker(this);
    }

    /// <summary>Closes the channel's connections; calls still running fail, new calls throw.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _httpClient.Dispose();
        }
    }

    /// <summary>The request URI of a method: the address (with any path base) followed by <c>/pkg.Service/Method</c>.</summary>
    internal Uri GetMethodUri(IMethod method)
    {
        var baseUri = Address.AbsoluteUri;
        return new Uri(baseUri.EndsWith('/') ? baseUri[..^1] + method.FullName : baseUri + method.FullName, UriKind.Absolute);
    }

    internal ICompressionProvider? FindCompressionProvider(string encoding)
        => encoding == GrpcProtocolConstants.IdentityEncoding ? null : Compression.CompressionProviders.Find(CompressionProviders, encoding);
}
