using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Silo.Hosting;

/// <summary>
/// One server process: by default the embedded server (a silo and the public gateway); with a cluster, a silo with
/// or without the gateway, or a gateway alone (<see cref="ChatServerOptions.Role"/>). <see cref="StartAsync"/>
/// returns once it listens; <see cref="Address"/> is where (with the port picked when the port option was 0): the
/// public endpoint, or for a silo without gateway its cluster endpoint. Stopping ends every client session (each
/// leaves its rooms), then the silo deactivates its grains.
/// </summary>
public sealed class ChatServer : IAsyncDisposable
{
    private readonly IHost _app;
    private readonly ServerRole _role;
    private int _stopped;

    private ChatServer(IHost app, Uri address, Uri? webAddress, ServerRole role)
    {
        _app = app;
        Address = address;
        WebAddress = webAddress;
        _role = role;
    }

    /// <summary><c>http://</c> (or <c>https://</c> with TLS), the listen address and the port.</summary>
    public Uri Address { get; }

    /// <summary>Where browsers connect (gRPC-Web over HTTP/1.1); null when the web port is off or nothing serves clients.</summary>
    public Uri? WebAddress { get; }

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>The line printed when the server is ready; tests and tools parse it.</summary>
    public string ReadyLine => "OrleansChat " + (_role == ServerRole.Silo ? "silo " : string.Empty)
        + "listening on " + Address.GetLeftPart(UriPartial.Authority);

    /// <summary>Builds and starts the server.</summary>
    /// <param name="options">The server's options (already validated or not: they are checked here).</param>
    /// <param name="configureServices">Extra registrations, e.g. test logging or options overrides.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ChatServerConfigurationException">The options are not usable.</exception>
    public static async Task<ChatServer> StartAsync(
        ChatServerOptions options,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = ChatServerOptionsValidator.Validate(options);
        if (failures.Count > 0)
        {
            throw new ChatServerConfigurationException(failures);
        }

        if (!options.InMemoryStorage)
        {
            Directory.CreateDirectory(options.DataDirectory);
        }

        var certificate = options.ServesClients ? LoadCertificate(options) : null;
        IHost app;
        if (options.ServesClients)
        {
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "OrleansChat.Silo" });
            Configure(builder, options, configureServices, certificate);
            var web = builder.Build();
            web.MapChatEndpoint();
            app = web;
        }
        else
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "OrleansChat.Silo" });
            Configure(builder, options, configureServices, certificate: null);
            app = builder.Build();
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            if (options.Role == ServerRole.Gateway)
            {
                await WaitForClusterAsync(app, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await DisposeHostAsync(app).ConfigureAwait(false);
            throw;
        }

        var endpoints = options.ServesClients ? app.Services.GetRequiredService<ChatEndpoints>() : null;
        var address = endpoints?.Grpc is { } grpc
            ? BuildAddress(grpc, options)
            : new Uri("http://" + app.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.Endpoint);
        var webAddress = endpoints?.Web is { } webListen ? BuildAddress(webListen, options) : null;
        return new ChatServer(app, address, webAddress, options.Role);
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM) and has stopped.</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Exchange(ref _stopped, 1);
    }

    /// <summary>Stops gracefully: sessions end and leave their rooms, then grains deactivate and storage closes.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
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
            await StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await DisposeHostAsync(_app).ConfigureAwait(false);
        }
    }

    private static void Configure(IHostApplicationBuilder builder, ChatServerOptions options, Action<IServiceCollection>? configureServices, X509Certificate2? certificate)
    {
        ConfigureLogging(builder.Logging, options.LogLevel);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        if (options.HostsGrains)
        {
            builder.AddChatSilo(options);
        }
        else
        {
            builder.AddChatClusterClient(options);
        }

        if (options.ServesClients)
        {
            ((WebApplicationBuilder)builder).AddChatEndpoint(options, certificate);
        }

        configureServices?.Invoke(builder.Services);
    }

    /// <summary>A gateway is ready once it sees an active silo: until then every call would fail.</summary>
    private static async Task WaitForClusterAsync(IHost app, CancellationToken cancellationToken)
    {
        var client = app.Services.GetRequiredService<IClusterClient>();
        if (!client.IsReady)
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<ChatServer>().LogWaitingForCluster();
        }

        await client.WaitForClusterAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }

    private static X509Certificate2? LoadCertificate(ChatServerOptions options)
    {
        if (options.TlsSelfSigned)
        {
            return DevelopmentCertificate.LoadOrCreate(options.DataDirectory, options.ListenAddress, TimeProvider.System);
        }

        return options.TlsCertificatePath is { } certificatePath && options.TlsKeyPath is { } keyPath
            ? DevelopmentCertificate.Load(certificatePath, keyPath)
            : null;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, LogLevel level)
    {
        // stdout carries only the ready line; every log line goes to stderr.
        logging.AddSimpleConsole(console => console.SingleLine = true);
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(level);
        logging.AddFilter("Microsoft", level > LogLevel.Warning ? level : LogLevel.Warning);

        // A start-up failure (e.g. the port is taken) is reported by the caller in one clear line, not a stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    }

    private static Uri BuildAddress(ListenOptions listen, ChatServerOptions options)
    {
        // Kestrel writes the bound port back into the listen options, so port 0 reads as the port it picked.
        var port = listen.IPEndPoint?.Port ?? options.Port;
        var host = options.ListenAddress.AddressFamily == AddressFamily.InterNetworkV6
            ? "[" + options.ListenAddress + "]"
            : options.ListenAddress.ToString();
        var scheme = options.UsesTls ? "https" : "http";
        return new Uri(scheme + "://" + host + ":" + port.ToString(CultureInfo.InvariantCulture) + "/");
    }
}
