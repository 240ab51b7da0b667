using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Gateway;
using OrleansChat.Gateway.Health;
using OrleansChat.Grains;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Silo.Hosting;

/// <summary>Registration of the embedded server's two halves: the silo and the gateway endpoint.</summary>
public static class ChatHostingExtensions
{
    /// <summary>
    /// The silo: grain runtime, the chat grains and their options, grain storage (SQLite in the data directory, or
    /// memory for tests) and the in-memory stream provider that carries the room streams.
    /// </summary>
    public static IHostApplicationBuilder AddChatSilo(this IHostApplicationBuilder builder, ChatServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddGrainRuntime(silo => silo.SiloName = options.Cluster is null
            ? "embedded"
            : options.Role.ToString().ToLowerInvariant() + "-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        services.AddGrains(typeof(RoomGrain).Assembly);
        services.AddChatGrainOptions(rooms => CopyRoomOptions(options.Rooms, rooms));
        if (options.InMemoryStorage)
        {
            services.AddMemoryGrainStorage(ChatStreams.StorageName);
        }
        else if (options.Cluster is { Kind: ClusterStoreKind.Postgres } postgres)
        {
            services.AddPostgresGrainStorage(ChatStreams.StorageName, postgres.ConnectionString);
        }
        else
        {
            services.AddSqliteGrainStorage(ChatStreams.StorageName, sqlite => sqlite.DataSource = options.DatabasePath);
        }

        if (options.Cluster is null)
        {
            services.AddMemoryStreams(ChatStreams.ProviderName);
            return builder;
        }

        services.AddClustering(cluster =>
        {
            cluster.ListenAddress = options.ListenAddress.ToString();
            cluster.Port = options.SiloPort;
            cluster.AdvertisedHost = options.AdvertisedHost;
        });
        AddMembershipTable(services, options);

        services.AddClusterStreams(ChatStreams.ProviderName, configure: ColocateRoomStreams);
        return builder;
    }

    /// <summary>
    /// A gateway that hosts no grains: a cluster client (grain calls and room streams go to the silos found in the
    /// membership table) under the same public endpoint as the embedded server's.
    /// </summary>
    public static IHostApplicationBuilder AddChatClusterClient(this IHostApplicationBuilder builder, ChatServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddClusterClient();
        services.AddSingleton<IGrainRuntimeReadiness, ClusterClientReadiness>();
        AddMembershipTable(services, options);
        services.AddClusterClientStreams(ChatStreams.ProviderName, ColocateRoomStreams);
        return builder;
    }

    // A room's stream lives on the silo of its room grain, so a room publishes without a network hop. Silos and
    // gateways must agree on it to find a stream's owner.
    private static void ColocateRoomStreams(ClusterStreamOptions streams) => streams.Colocation[ChatStreams.RoomNamespace] = ChatStreams.RoomGrainType;

    private static void AddMembershipTable(IServiceCollection services, ChatServerOptions options)
    {
        services.Configure<MembershipOptions>(membership => membership.ClusterId = options.ClusterId);
        if (options.Cluster is { Kind: ClusterStoreKind.Postgres } postgres)
        {
            services.AddPostgresMembershipTable(postgres.ConnectionString, options.ClusterId);
        }
        else
        {
            services.AddSqliteMembershipTable(options.MembershipDatabasePath);
        }
    }

    /// <summary>
    /// The public endpoint: Kestrel listening for gRPC on the configured address (h2c, or TLS with
    /// <paramref name="certificate"/>, where ALPN also admits HTTP/1.1 for gRPC-Web), the web port for browsers
    /// (HTTP/1.1, gRPC-Web), HTTP/2 keepalive pings, the chat gateway's services on grpc-dotnet, and the web client's
    /// page (<see cref="WebClientHosting"/>).
    /// </summary>
    public static WebApplicationBuilder AddChatEndpoint(this WebApplicationBuilder builder, ChatServerOptions options, X509Certificate2? certificate)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.WebHost.UseKestrelCore();
        if (certificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        var endpoints = new ChatEndpoints();
        builder.Services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.Http2.KeepAlivePingDelay = options.KeepAliveInterval;
            kestrel.Limits.Http2.KeepAlivePingTimeout = options.KeepAliveTimeout;
            kestrel.Listen(new IPEndPoint(options.ListenAddress, options.Port), listen =>
            {
                endpoints.Grpc = listen;
                listen.Protocols = certificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                UseCertificate(listen, certificate);
            });
            if (options.WebPort is { } webPort)
            {
                kestrel.Listen(new IPEndPoint(options.ListenAddress, webPort), listen =>
                {
                    endpoints.Web = listen;
                    listen.Protocols = certificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                    UseCertificate(listen, certificate);
                });
            }
        });
        builder.Services.AddChatGateway(gateway => CopyGatewayOptions(options.Gateway, gateway));
        builder.Services.AddChatWebClient(options);
        return builder;
    }

    /// <summary>
    /// Serves the gateway: the web client's page at <c>/</c> (GET and HEAD, see <see cref="WebClientHosting"/>), then
    /// gRPC-Web translation in front of the gRPC services.
    /// </summary>
    public static WebApplication MapChatEndpoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseChatWebClient();
        app.UseGrpcWeb();
        app.MapChatGateway();
        return app;
    }

    private static void UseCertificate(ListenOptions listen, X509Certificate2? certificate)
    {
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
        }
    }

    private static void CopyRoomOptions(RoomOptions from, RoomOptions to)
    {
        to.HistoryDepth = from.HistoryDepth;
        to.DedupeWindow = from.DedupeWindow;
        to.SessionLease = from.SessionLease;
        to.MaxMembers = from.MaxMembers;
        to.MaxSessions = from.MaxSessions;
    }

    private static void CopyGatewayOptions(GatewayOptions from, GatewayOptions to)
    {
        to.MaxMessageBytes = from.MaxMessageBytes;
        to.MaxRoomsPerConnection = from.MaxRoomsPerConnection;
        to.MaxStreamsPerConnection = from.MaxStreamsPerConnection;
        to.SessionQueueCapacity = from.SessionQueueCapacity;
        to.MessagesPerSecond = from.MessagesPerSecond;
        to.MessageBurst = from.MessageBurst;
        to.MaxBatchMessages = from.MaxBatchMessages;
        to.AllowUsers = [.. from.AllowUsers];
        to.TokenSecret = from.TokenSecret;
        to.ServerVersion = from.ServerVersion;
        to.StreamResumeTimeout = from.StreamResumeTimeout;
        to.StreamCloseTimeout = from.StreamCloseTimeout;
        to.SubscribeHeartbeatInterval = from.SubscribeHeartbeatInterval;
    }
}
