using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// The web host under a cluster endpoint: Kestrel alone (no configuration sources, no logging providers unless
/// given), listening h2c (HTTP/2 with prior knowledge, as gRPC clients speak to <c>http://</c> addresses) on one
/// address, and grpc-dotnet (<c>AddGrpc</c>) serving what <c>mapServices</c> maps. Its owner starts and stops it;
/// a stop with a cancelled token aborts every connection at once.
/// </summary>
internal sealed class ClusterEndpointHost : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> lets calls end when the host was not stopped before.</summary>
    private static readonly TimeSpan DisposeStopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private int _stopped;

    private ClusterEndpointHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary><c>http://host:port</c>, with the port picked by the system when 0 was asked for.</summary>
    public Uri Address { get; }

    public int Port => Address.Port;

    /// <summary>The inner host's container.</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="endpoint">The address and port to listen on (port 0: any free one).</param>
    /// <param name="configureLogging">Adds the logging providers (by default the host logs nowhere).</param>
    /// <param name="configureServices">Registers what the services need in the inner container, if anything.</param>
    /// <param name="mapServices">Maps the gRPC services (<c>MapGrpcService</c>).</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    public static async Task<ClusterEndpointHost> StartAsync(
        IPEndPoint endpoint,
        Action<ILoggingBuilder> configureLogging,
        Action<IServiceCollection>? configureServices,
        Action<IEndpointRouteBuilder> mapServices,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // gRPC's default server keepalive: a connection silent this long is pinged, and closed if the ping goes unanswered.
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromHours(2);
            kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddSingleton<IHostLifetime, ClusterEndpointLifetime>();
        configureLogging(builder.Logging);
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = ClusterEndpoint.MaxMessageSize);
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        try
        {
            mapServices(app);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new ClusterEndpointHost(app, ReadAddress(app));
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops listening and lets calls end until <paramref name="cancellationToken"/> is cancelled, then aborts the connections left.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(DisposeStopTimeout);
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Uri ReadAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                return uri;
            }
        }

        throw new InvalidOperationException("Kestrel reported no listening address.");
    }
}
