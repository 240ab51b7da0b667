using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Grpc.Server.Internal;

namespace OrleansChat.Grpc.Server;

/// <summary>
/// A ready-made Kestrel server that serves only gRPC: for tests, the interop server and small tools. It leaves
/// process signals (Ctrl+C, SIGTERM) to its owner, which stops it with <see cref="StopAsync"/> or by disposing it.
/// <code>
/// await using var host = await GrpcHost.StartAsync(new GrpcHostOptions(), services => services
///     .AddGrpcHealthChecks()
///     .AddGrpcService(myServiceDefinition));
/// Console.WriteLine(host.Address); // http://127.0.0.1:40321
/// </code>
/// </summary>
public sealed class GrpcHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private GrpcHost(WebApplication app, int port, Uri address)
    {
        _app = app;
        Port = port;
        Address = address;
    }

    /// <summary>The port the host listens on (the one picked when <see cref="GrpcHostOptions.Port"/> was 0).</summary>
    public int Port { get; }

    /// <summary><c>http://</c> or <c>https://</c>, the listening address and <see cref="Port"/>.</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GrpcHost> StartAsync(
        GrpcHostOptions options,
        Action<IServiceCollection> configureServices,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configureServices);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        if (options.Certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenGrpc(new IPEndPoint(options.Address, options.Port), options.Certificate);
        });

        builder.Services.AddSingleton<IHostLifetime, GrpcHostLifetime>();
        options.ConfigureLogging?.Invoke(builder.Logging);
        builder.Services.AddGrpcServer(options.ConfigureGrpc);
        configureServices(builder.Services);

        var app = builder.Build();
        try
        {
            app.MapGrpcServices();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var port = ReadPort(app);
        var scheme = options.Certificate is null ? "http" : "https";
        var host = options.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? "[" + options.Address + "]"
            : options.Address.ToString();
        return new GrpcHost(app, port, new Uri(scheme + "://" + host + ":" + port.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>Stops accepting connections and waits for calls in flight until the token is cancelled.</summary>
    public async Task StopAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static int ReadPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no listening address.");
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                return uri.Port;
            }
        }

        throw new InvalidOperationException("Kestrel reported no listening address.");
    }
}
