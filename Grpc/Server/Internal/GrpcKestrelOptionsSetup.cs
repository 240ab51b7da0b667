using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace OrleansChat.Grpc.Server.Internal;

/// <summary>Applies the gRPC keepalive settings to Kestrel's HTTP/2 limits.</summary>
internal sealed class GrpcKestrelOptionsSetup(IOptions<GrpcServerOptions> grpcOptions) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        var grpc = grpcOptions.Value;
        options.Limits.Http2.KeepAlivePingDelay = grpc.KeepAlivePingDelay;
        options.Limits.Http2.KeepAlivePingTimeout = grpc.KeepAlivePingTimeout;
    }
}
