using Microsoft.Extensions.Logging;
using OrleansChat.Grpc.Compression;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>What every call handler of one server shares: options, logger, encodings and the service registry.</summary>
internal sealed class ServerCallHandlerServices
{
    public ServerCallHandlerServices(GrpcServerOptions options, ILogger logger, GrpcServiceRegistry registry)
    {
        Options = options;
        Logger = logger;
        Registry = registry;
        CompressionProviders = [.. options.CompressionProviders];
        AcceptEncoding = Compression.CompressionProviders.AcceptEncodingValue(CompressionProviders);
    }

    public GrpcServerOptions Options { get; }

    public ILogger Logger { get; }

    public GrpcServiceRegistry Registry { get; }

    public IReadOnlyList<ICompressionProvider> CompressionProviders { get; }

    /// <summary>The <c>grpc-accept-encoding</c> value sent on every response, e.g. <c>identity,gzip</c>.</summary>
    public string AcceptEncoding { get; }
}
