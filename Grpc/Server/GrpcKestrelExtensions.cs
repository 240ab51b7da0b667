using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OrleansChat.Grpc.Server;

public static class GrpcKestrelExtensions
{
    /// <summary>
    /// Listens for gRPC on <paramref name="endpoint"/>: HTTP/2 only. Without a certificate the endpoint speaks
    /// cleartext HTTP/2 with prior knowledge (h2c), as gRPC clients do for <c>http://</c> targets; with one it
    /// speaks TLS and offers only <c>h2</c> in ALPN.
    /// </summary>
    public static void ListenGrpc(this KestrelServerOptions options, IPEndPoint endpoint, X509Certificate2? certificate = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        options.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        });
    }
}
