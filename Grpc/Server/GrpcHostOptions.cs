using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Grpc.Server;

/// <summary>Where and how a <see cref="GrpcHost"/> listens.</summary>
public sealed class GrpcHostOptions
{
    /// <summary>The address to listen on. Default: 127.0.0.1.</summary>
    public IPAddress Address { get; set; } = IPAddress.Loopback;

    /// <summary>The port; 0 (the default) picks a free one, read it from <see cref="GrpcHost.Port"/>.</summary>
    public int Port { get; set; }

    /// <summary>With a certificate the host speaks TLS (ALPN h2); without, cleartext HTTP/2.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>Adds logging providers; by default the host logs nowhere.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    public Action<GrpcServerOptions>? ConfigureGrpc { get; set; }
}
