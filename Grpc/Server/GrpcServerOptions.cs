using System.IO.Compression;
using OrleansChat.Grpc.Compression;
using OrleansChat.Grpc.Internal;

namespace OrleansChat.Grpc.Server;

/// <summary>How the gRPC server treats calls. Checked at start-up by <see cref="GrpcServerOptionsValidator"/>.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, before and after decompression; larger ones end the call with
    /// RESOURCE_EXHAUSTED. Default 4 MiB, as in every gRPC implementation.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocolConstants.DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message sent (serialized, before compression); a larger one ends the call with
    /// RESOURCE_EXHAUSTED. Default null: no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>When false (the default) an exception thrown by a handler ends the call with UNKNOWN
    /// "Exception was thrown by handler."; when true the exception's type and message are appended.
    /// Turn on only where the clients may see server internals.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>The encoding (e.g. <c>gzip</c>) used for responses of every call whose client lists it in
    /// <c>grpc-accept-encoding</c>. Default null: responses are not compressed unless a handler asks for it
    /// with the <c>grpc-internal-encoding-request</c> response header.</summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary>The compression level for compressed responses; null (the default) uses the provider's default.</summary>
    public CompressionLevel? ResponseCompressionLevel { get; set; }

    /// <summary>The encodings the server can decode and encode besides identity. Default: gzip.</summary>
    public IList<ICompressionProvider> CompressionProviders { get; set; } = [.. Compression.CompressionProviders.Default];

    /// <summary>How many response messages a streaming handler may queue ahead of the transport before its
    /// <c>WriteAsync</c> waits (the bound of each response stream's channel). Default 64.</summary>
    public int ResponseStreamCapacity { get; set; } = 64;

    /// <summary>Kestrel sends an HTTP/2 PING when it has received nothing on a connection for this long.
    /// Default 2 hours, gRPC's default server keepalive time: grpc core peers answer pings that come more often
    /// than their policy allows (5 minutes without calls) with GOAWAY <c>too_many_pings</c>.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns server pings off.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long Kestrel waits for the PING acknowledgement before closing the connection. Default 20 s,
    /// gRPC's default keepalive timeout.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
