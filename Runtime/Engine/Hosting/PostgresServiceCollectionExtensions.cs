using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Registers the PostgreSQL providers: grain storage and the membership table, for clusters that span hosts.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Adds a PostgreSQL grain storage named <paramref name="name"/> (table grain_state, created on first use):
    /// <c>services.AddPostgresGrainStorage("Default", "Host=db1;Database=orleanschat;Username=chat;Password=…")</c>.
    /// </summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddPostgresGrainStorage(name, o => o.ConnectionString = connectionString);
    }

    /// <summary>
    /// Adds a PostgreSQL grain storage named <paramref name="name"/>, configured by <paramref name="configure"/>
    /// (<see cref="PostgresGrainStorageOptions.ConnectionString"/> is required); validated at start-up.
    /// </summary>
    public static IServiceCollection AddPostgresGrainStorage(this IServiceCollection services, string name, Action<PostgresGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgresGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresGrainStorageOptions>, PostgresGrainStorageOptionsValidator>());

        // The dialect owns the connection pool; as a DI singleton it is disposed with the service provider.
        services.AddKeyedSingleton(name, (sp, _) => new PostgresStorageDialect(
            sp.GetRequiredService<IOptionsMonitor<PostgresGrainStorageOptions>>().Get(name)));
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new RelationalGrainStorage(
            name,
            sp.GetRequiredKeyedService<PostgresStorageDialect>(name),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansChat.Runtime.Storage")));
        return services;
    }

    /// <summary>
    /// Makes a <see cref="PostgresMembershipTable"/> the <see cref="IMembershipTable"/> (replacing any registered before):
    /// <c>services.AddPostgresMembershipTable("Host=db1;Database=orleanschat;Username=chat;Password=…", "prod")</c>.
    /// Silos sharing <paramref name="connectionString"/> and <paramref name="clusterId"/> form one cluster.
    /// </summary>
    public static IServiceCollection AddPostgresMembershipTable(this IServiceCollection services, string connectionString, string clusterId = "orleanschat")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        services.AddOptions<PostgresMembershipTableOptions>()
            .Configure(o =>
            {
                o.ConnectionString = connectionString;
                o.ClusterId = clusterId;
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresMembershipTableOptions>, PostgresMembershipTableOptionsValidator>());
        services.RemoveAll<IMembershipTable>();
        services.AddSingleton<IMembershipTable>(sp => new PostgresMembershipTable(sp.GetRequiredService<IOptions<PostgresMembershipTableOptions>>()));
        return services;
    }
}
