using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Observers;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Hosting;

/// <summary>
/// Registers clustering: a silo that forms a cluster with others (<see cref="AddClustering"/>), or a cluster client
/// that calls their grains and hosts none (<see cref="AddClusterClient"/>). Both need a membership table registration
/// shared by the cluster's processes (<c>AddMemoryMembershipTable</c>, <c>AddSqliteMembershipTable</c>), and take
/// <see cref="MembershipOptions"/> as configured (<c>services.Configure&lt;MembershipOptions&gt;(…)</c>).
/// </summary>
public static class ClusterServiceCollectionExtensions
{
    private const string LoggerCategory = "OrleansChat.Runtime.Cluster";

    /// <summary>
    /// Makes this silo a member of a cluster: a cluster endpoint (Kestrel h2c on <see cref="ClusteringOptions"/>) serving
    /// every <see cref="IClusterEndpointService"/> (grain calls among them), the membership agent, placement by hashing
    /// over the active silos, grain calls to other silos over one connection per peer (<see cref="ISiloChannelPool"/>),
    /// and the cluster life cycle (join, Active, ShuttingDown, Dead). Call after <c>AddGrainRuntime</c>.
    /// <code>
    /// services.AddGrainRuntime(o =&gt; o.SiloName = "silo1")
    ///     .AddClustering(o =&gt; o.Port = 11111)
    ///     .AddSqliteMembershipTable("data/membership.db");
    /// </code>
    /// </summary>
    public static IServiceCollection AddClustering(this IServiceCollection services, Action<ClusteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ClusteringOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ClusterSiloLifecycle)))
        {
            return services;
        }

        if (!services.Any(d => d.ServiceType == typeof(Hosting.Silo)))
        {
            services.AddGrainRuntime();
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusteringOptions>, ClusteringOptionsValidator>());
        services.AddMembershipAgent();
        AddTransport(services);

        services.AddSingleton<ClusterSiloDetails>();
        services.Replace(ServiceDescriptor.Singleton<ILocalSiloDetails>(sp => sp.GetRequiredService<ClusterSiloDetails>()));
        services.AddSingleton(sp => new RemoteGrainInvoker(
            sp.GetRequiredService<ISiloChannelPool>(),
            CallerName(sp.GetRequiredService<ClusterSiloDetails>()),
            sp.GetRequiredService<IOptions<ClusteringOptions>>().Value.SendQueueCapacity,
            sp.GetRequiredService<GrainReferenceFactory>(),
            Logger(sp)));
        services.Replace(ServiceDescriptor.Singleton<IGrainCallInvoker>(sp => new ClusterCallRouter(
            sp.GetRequiredService<HashPlacementDirector>(),
            sp.GetRequiredService<IClusterMembershipView>(),
            sp.GetRequiredService<RemoteGrainInvoker>(),
            sp.GetRequiredService<LocalGrainInvoker>(),
            sp.GetRequiredService<ClusterSiloDetails>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>().Value.ResponseTimeout,
            sp.GetRequiredService<TimeProvider>(),
            Logger(sp))));
        services.AddSingleton<GrainMethodTable>();
        services.AddSingleton(sp => new SiloMessagingService(
            sp.GetRequiredService<ClusterSiloDetails>(),
            sp.GetRequiredService<GrainMethodTable>(),
            sp.GetRequiredService<HashPlacementDirector>(),
            sp.GetRequiredService<IClusterMembershipView>(),
            sp.GetRequiredService<LocalGrainInvoker>(),
            sp.GetRequiredService<RemoteGrainInvoker>(),
            sp.GetRequiredService<GrainReferenceFactory>(),
            sp.GetRequiredService<IOptions<MessagingOptions>>().Value.ResponseTimeout,
            Logger(sp)));
        services.AddSingleton<IClusterEndpointService>(sp => sp.GetRequiredService<SiloMessagingService>());
        services.AddSingleton<ClusterEndpoint>();
        services.AddSingleton(sp => new ClusterViewWatcher(
            sp.GetRequiredService<IClusterMembershipView>(),
            sp.GetRequiredService<RemoteGrainInvoker>(),
            sp.GetRequiredService<HashPlacementDirector>(),
            sp.GetRequiredService<GrainCatalog>(),
            sp.GetRequiredService<ClusterSiloDetails>(),
            Logger(sp)));
        services.AddSingleton<ClusterSiloLifecycle>();
        return services;
    }

    /// <summary>
    /// Makes this process a cluster client (a gateway hosting no grains): <see cref="IClusterClient"/> and
    /// <see cref="IGrainFactory"/> whose calls all go to the silos (placement by the membership reader's view),
    /// <see cref="ISiloChannelPool"/>, the membership reader, and a hosted service that starts and stops them. Await
    /// <see cref="IClusterClient.WaitForClusterAsync"/> before the first call. Not for a silo's own process (a silo's
    /// <see cref="IGrainFactory"/> already reaches the whole cluster).
    /// </summary>
    public static IServiceCollection AddClusterClient(this IServiceCollection services, Action<ClusterClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Hosting.Silo)))
        {
            throw new InvalidOperationException(
                "AddClusterClient is for processes that host no grains; this one has AddGrainRuntime, whose IGrainFactory already reaches the cluster (with AddClustering).");
        }

        var options = services.AddOptions<ClusterClientOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(ClusterClient)))
        {
            return services;
        }

        services.AddLogging();
        services.AddOptions<MessagingOptions>().ValidateOnStart();
        services.AddOptions<ObserverOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterClientOptions>, ClusterClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ObserverOptions>, ObserverOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMembershipReader();
        AddTransport(services);

        services.AddSingleton<ObserverRegistry>();
        services.AddSingleton(sp => new RemoteGrainInvoker(
            sp.GetRequiredService<ISiloChannelPool>(),
            ClientCallerName(sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value.ClientName),
            sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value.SendQueueCapacity,
            sp.GetRequiredService<GrainReferenceFactory>(),
            Logger(sp)));
        services.AddSingleton<IGrainCallInvoker>(sp => new ClusterCallRouter(
            sp.GetRequiredService<HashPlacementDirector>(),
            sp.GetRequiredService<IClusterMembershipView>(),
            sp.GetRequiredService<RemoteGrainInvoker>(),
            local: null,
            self: null,
            sp.GetRequiredService<IOptions<MessagingOptions>>().Value.ResponseTimeout,
            sp.GetRequiredService<TimeProvider>(),
            Logger(sp)));
        services.AddSingleton(sp => new ClusterManifest(sp.GetRequiredService<ISiloChannelPool>(), Logger(sp)));
        services.AddSingleton(sp => new ClusterClient(
            sp.GetRequiredService<ClusterManifest>(),
            sp.GetRequiredService<IClusterMembershipView>(),
            sp.GetRequiredService<IGrainCallInvoker>(),
            sp.GetRequiredService<ObserverRegistry>(),
            sp.GetRequiredService<IOptions<ClusterClientOptions>>().Value.ClientName,
            Logger(sp)));
        services.AddSingleton<IClusterClient>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<ClusterClient>());
        services.AddSingleton(sp => new ClusterViewWatcher(
            sp.GetRequiredService<IClusterMembershipView>(),
            sp.GetRequiredService<RemoteGrainInvoker>(),
            sp.GetRequiredService<HashPlacementDirector>(),
            catalog: null,
            self: null,
            Logger(sp)));
        services.AddHostedService<ClusterClientHostedService>();
        return services;
    }

    /// <summary>What silos and clients share: the channel pool, hash placement, grain references from the wire.</summary>
    private static void AddTransport(IServiceCollection services)
    {
        services.TryAddSingleton<ISiloChannelPool>(sp => new SiloChannelPool(sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<HashPlacementDirector>();
        services.Replace(ServiceDescriptor.Singleton<IPlacementDirector>(sp => sp.GetRequiredService<HashPlacementDirector>()));
        services.AddSingleton(sp => new GrainReferenceFactory(sp.GetRequiredService<IGrainCallInvoker>));
    }

    private static ILogger Logger(IServiceProvider services) => services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);

    private static Func<string> CallerName(ClusterSiloDetails self) => () => self.AddressOrNull?.ToString() ?? self.Name;

    private static Func<string> ClientCallerName(string clientName)
    {
        var name = "client " + clientName + " " + Guid.NewGuid().ToString("N")[..8];
        return () => name;
    }
}
