using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Registers cluster stream providers: streams whose publishers and subscribers may be on any silo or cluster client.</summary>
public static class ClusterStreamServiceCollectionExtensions
{
    private const string LoggerCategory = "OrleansChat.Runtime.Streams.Cluster";

    /// <summary>
    /// Adds a cluster stream provider to a silo, in place of <c>AddMemoryStreams</c> (same name, same semantics):
    /// each stream is owned by one silo (<see cref="IStreamOwnership"/>; by default where placement puts the stream, or
    /// its grain per <see cref="ClusterStreamOptions.Colocation"/>), which keeps its state as the memory provider
    /// would (<paramref name="configureMemory"/>); other silos and cluster clients publish and subscribe through the
    /// silo's cluster endpoint (served as an <see cref="IClusterEndpointService"/>).
    /// <para>
    /// Needs <see cref="ILocalSiloDetails"/> and <see cref="IPlacementDirector"/> (from <c>AddGrainRuntime</c>), and
    /// for more than one silo <see cref="IClusterMembershipView"/> and <see cref="ISiloChannelPool"/> (from clustering).
    /// Without a membership view it works as a single silo that owns every stream.
    /// </para>
    /// </summary>
    public static IServiceCollection AddClusterStreams(
        this IServiceCollection services,
        string name = "Default",
        Action<MemoryStreamOptions>? configureMemory = null,
        Action<ClusterStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var memory = services.AddOptions<MemoryStreamOptions>(name).ValidateOnStart();
        if (configureMemory is not null)
        {
            memory.Configure(configureMemory);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoryStreamOptions>, MemoryStreamOptionsValidator>());
        AddCore(services, name, configure, sp => new ClusterStreamProvider(
            name,
            sp.GetRequiredService<IOptionsMonitor<MemoryStreamOptions>>().Get(name),
            sp.GetRequiredService<IOptionsMonitor<ClusterStreamOptions>>().Get(name),
            sp.GetRequiredService<IStreamOwnership>(),
            sp.GetRequiredService<ILocalSiloDetails>(),
            sp.GetService<IClusterMembershipView>(),
            sp.GetRequiredService<ISiloChannelPool>,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory)));
        services.TryAddSingleton<ClusterStreamEndpoint>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterEndpointService, ClusterStreamEndpoint>(sp => sp.GetRequiredService<ClusterStreamEndpoint>()));
        return services;
    }

    /// <summary>
    /// Adds a cluster stream provider to a cluster client (a gateway process without grains): it owns no stream, so
    /// every publication and subscription goes to the owner silo. Needs <see cref="IPlacementDirector"/> (or another
    /// <see cref="IStreamOwnership"/>), <see cref="IClusterMembershipView"/> and <see cref="ISiloChannelPool"/>, from
    /// the cluster client registration.
    /// </summary>
    public static IServiceCollection AddClusterClientStreams(this IServiceCollection services, string name = "Default", Action<ClusterStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return AddCore(services, name, configure, sp => new ClusterStreamProvider(
            name,
            null,
            sp.GetRequiredService<IOptionsMonitor<ClusterStreamOptions>>().Get(name),
            sp.GetRequiredService<IStreamOwnership>(),
            null,
            sp.GetService<IClusterMembershipView>(),
            sp.GetRequiredService<ISiloChannelPool>,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory)));
    }

    private static IServiceCollection AddCore(
        IServiceCollection services,
        string name,
        Action<ClusterStreamOptions>? configure,
        Func<IServiceProvider, ClusterStreamProvider> create)
    {
        if (services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, name) && d.ServiceType == typeof(ClusterStreamProvider)))
        {
            throw new InvalidOperationException("A cluster stream provider named '" + name + "' is registered already.");
        }

        services.AddLogging();
        var options = services.AddOptions<ClusterStreamOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterStreamOptions>, ClusterStreamOptionsValidator>());
        services.TryAddSingleton<IStreamOwnership, PlacementStreamOwnership>();
        services.AddKeyedSingleton(name, (sp, _) => create(sp));
        services.AddKeyedSingleton<IStreamProvider>(name, (sp, key) => sp.GetRequiredKeyedService<ClusterStreamProvider>(key));
        services.AddSingleton(sp => sp.GetRequiredKeyedService<ClusterStreamProvider>(name));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClusterStreamsHostedService>());
        return services;
    }
}
