using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Gateway;
using OrleansChat.Grains;
using OrleansChat.Grpc.Server;
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
    /// <paramref name="certificate"/>), HTTP/2 keepalive pings, and the chat gateway's services.
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

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenGrpc(new IPEndPoint(options.ListenAddress, options.Port), certificate);
        });
        builder.Services.AddGrpcServer(grpc => grpc.KeepAlivePingDelay = options.KeepAliveInterval);
        builder.Services.AddChatGateway(gateway => CopyGatewayOptions(options.Gateway, gateway));
        return builder;
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
    }
}
