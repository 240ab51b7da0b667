using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OrleansChat.Grpc.Client.Internal;

/// <summary>Builds the channel's own <see cref="SocketsHttpHandler"/> from its options.</summary>
internal static class ChannelHttpHandler
{
    public static SocketsHttpHandler Create(GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.ConnectTimeout,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,

            // Never ping an idle connection: grpc servers count those pings as abuse (too_many_pings).
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,

            // A channel keeps its connections like grpc's subchannels do, instead of closing them after a minute.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,

            // grpc-message is percent-encoded ASCII, but a lenient receiver also reads raw UTF-8 from odd servers.
            ResponseHeaderEncodingSelector = static (_, _) => Encoding.UTF8,

            // h2c with prior knowledge cannot go through an HTTP proxy; connect directly.
            UseProxy = false,
            SslOptions = CreateSslOptions(options),
        };

        return handler;
    }

    private static SslClientAuthenticationOptions CreateSslOptions(GrpcChannelOptions options)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            ApplicationProtocols = [SslApplicationProtocol.Http2],

            // SocketsHttpHandler takes SNI and the name to validate from the request's Host header, which the call
            // sets to TargetNameOverride; this keeps the two in agreement.
            TargetHost = options.TargetNameOverride,
        };

        if (options.SkipCertificateValidation)
        {
            ssl.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }
        else if (options.RootCertificate is { } root)
        {
            var trusted = X509CertificateLoader.LoadCertificate(root.RawData);
            ssl.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => ValidateAgainstRoot(trusted, certificate, chain, errors);
        }

        return ssl;
    }

    /// <summary>Accepts the server's certificate only if it chains to <paramref name="root"/> and names the host.</summary>
    private static bool ValidateAgainstRoot(X509Certificate2 root, X509Certificate? certificate, X509Chain? presentedChain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presentedChain is not null)
        {
            foreach (var element in presentedChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }
}
