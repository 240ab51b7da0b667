using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace OrleansChat.Cli.Connection;

/// <summary>Builds the CLI's <see cref="GrpcChannel"/>: a <see cref="SocketsHttpHandler"/> tuned for one long-lived
/// session stream (keepalive within grpc servers' ping policy, connections never dropped for idleness, more than
/// one HTTP/2 connection when the server's stream limit is reached) and, with <c>--ca</c>, a custom trust root.</summary>
internal static class ChatChannelFactory
{
    /// <summary>Five minutes: grpc core servers answer pings more frequent than this on a connection without
    /// data with GOAWAY <c>ENHANCE_YOUR_CALM</c> ("too_many_pings"), unless their policy was relaxed. The session
    /// stream is always active, so it is pinged at this interval to notice a dead peer while the chat is quiet.</summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromMinutes(5);

    /// <summary>How long a PING may go unacknowledged before the connection is closed.</summary>
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long establishing a connection (TCP and TLS) may take before calls fail with UNAVAILABLE.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The <see cref="SocketsHttpHandler.Properties"/> key that makes Grpc.Net.Client use the handler as it is,
    /// without its load-balancing subchannel (grpc/grpc-dotnet#2274). The CLI talks to one address and reconnects
    /// with its own backoff; a subchannel would keep failing calls with its last connect error during a backoff of its
    /// own (growing to two minutes), so a session could stay down long after the server came back.</summary>
    public const string LoadBalancingDisabledProperty = "__GrpcLoadBalancingDisabled";

    /// <param name="trustedRoot">When set, the server's certificate must chain to this CA (and only to it).</param>
    public static GrpcChannel Create(ServerAddress address, X509Certificate2? trustedRoot)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = ConnectTimeout,
            KeepAlivePingDelay = KeepAlivePingDelay,
            KeepAlivePingTimeout = KeepAlivePingTimeout,

            // Never ping an idle connection: grpc servers count those pings as abuse (too_many_pings).
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,

            // Keep connections like grpc's subchannels do, instead of closing them after a minute without calls.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,

            // h2c with prior knowledge cannot go through an HTTP proxy; connect directly.
            UseProxy = false,
        };

        handler.Properties[LoadBalancingDisabledProperty] = true;
        if (trustedRoot is not null)
        {
            var validator = new CustomRootCertificateValidator(trustedRoot);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = validator.Validate,
            };
        }

        return GrpcChannel.ForAddress(address.Uri, new GrpcChannelOptions
        {
            HttpHandler = handler,

            // The channel owns the handler: disposing the channel closes its connections.
            DisposeHttpClient = true,
        });
    }
}
