using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using OrleansChat.Grpc.Compression;

namespace OrleansChat.Grpc.Client;

/// <summary>How a <see cref="GrpcChannel"/> connects and what limits its calls observe.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Five minutes: grpc core servers answer pings more frequent than this on a connection without
    /// data with GOAWAY <c>ENHANCE_YOUR_CALM</c> ("too_many_pings"), unless their policy was relaxed.</summary>
    public static readonly TimeSpan MinimumIdleKeepAlivePingDelay = TimeSpan.FromMinutes(5);

    /// <summary>A handler to send calls through instead of the channel's own <see cref="SocketsHttpHandler"/>.
    /// It is not disposed with the channel. The TLS, keepalive and connect options below configure the
    /// channel's own handler only, so they must stay at their defaults when this is set.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Largest response message accepted, compressed or not; larger ones end the call with
    /// RESOURCE_EXHAUSTED. Default 4 MiB; null means unlimited.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent; a larger one ends the call with RESOURCE_EXHAUSTED before it is
    /// sent. Default null (unlimited).</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>A custom certificate authority: the server's chain is validated against it only (not against
    /// the system store). For <c>https://</c> addresses.</summary>
    public X509Certificate2? RootCertificate { get; set; }

    /// <summary>The name the server certificate must carry and the SNI sent, like grpc's
    /// <c>grpc.ssl_target_name_override</c>; as there, it also becomes the call's <c>:authority</c>.</summary>
    public string? TargetNameOverride { get; set; }

    /// <summary>Accepts any server certificate. For tests against throwaway certificates only.</summary>
    public bool SkipCertificateValidation { get; set; }

    /// <summary>How long a connection with active calls may stay silent before the channel sends an HTTP/2 PING.
    /// Default <see cref="Timeout.InfiniteTimeSpan"/> (no pings). grpc servers GOAWAY with <c>too_many_pings</c>
    /// when pinged more often than their policy allows (every <see cref="MinimumIdleKeepAlivePingDelay"/> by
    /// default on connections without data), so keep this at 5 minutes or more unless the server allows less.
    /// Pings are only sent while calls are active, never on idle connections.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long to wait for a PING acknowledgement before the connection is closed. Default 20 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The encodings the channel can decode (advertised in <c>grpc-accept-encoding</c>) and use for
    /// requests. Default: gzip.</summary>
    public IList<ICompressionProvider> CompressionProviders { get; set; } = [GzipCompressionProvider.Default];

    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>How long establishing a connection (TCP and TLS) may take before calls fail with UNAVAILABLE.
    /// Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
