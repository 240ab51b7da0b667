using System.Security.Cryptography.X509Certificates;

namespace OrleansChat.Grpc;

/// <summary>What a handler knows about its call, and how it shapes the response's headers and trailers.</summary>
public abstract class ServerCallContext
{
    /// <summary>The full method path, <c>/package.Service/Method</c>.</summary>
    public abstract string Method { get; }

    public abstract string Host { get; }

    /// <summary>The remote address as gRPC writes it: <c>ipv4:127.0.0.1:5000</c> or <c>ipv6:[::1]:5000</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>When the call's <c>grpc-timeout</c> runs out (UTC); <see cref="DateTime.MaxValue"/> without one.</summary>
    public abstract DateTime Deadline { get; }

    public abstract Metadata RequestHeaders { get; }

    /// <summary>Cancelled when the client cancels (RST_STREAM), the deadline passes or the connection drops.</summary>
    public abstract CancellationToken CancellationToken { get; }

    public abstract Metadata ResponseTrailers { get; }

    /// <summary>The status sent in the trailers when the handler returns normally (OK unless set).</summary>
    public abstract Status Status { get; set; }

    public abstract WriteOptions? WriteOptions { get; set; }

    /// <summary>The client certificate when the connection uses mutual TLS.</summary>
    public abstract X509Certificate2? ClientCertificate { get; }

    /// <summary>A bag for interceptors and auth to pass values to handlers.</summary>
    public abstract IDictionary<object, object> UserState { get; }

    /// <summary>Sends the response headers now (at most once; later writes send them implicitly).</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);
}
