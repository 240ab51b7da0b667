using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Registers grain storage providers by name ("Default" is used by <c>[PersistentState("x")]</c> without a storage name).</summary>
public static class GrainStorageServiceCollectionExtensions
{
    /// <summary>Adds an in-memory grain storage (tests; nothing survives the process).</summary>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name = PersistentStateAttribute.DefaultStorageName, Action<MemoryGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = services.AddOptions<MemoryGrainStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new MemoryGrainStorage(
            name,
            sp.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get(name),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansChat.Runtime.Storage")));
        return services;
    }

    /// <summary>
    /// Adds a SQLite grain storage (WAL journal; table grain_state keyed by grain type, grain key and state name).
    /// <c>services.AddSqliteGrainStorage("Default", o =&gt; o.DataSource = "data/grains.db")</c>.
    /// </summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());
        services.AddKeyedSingleton<IGrainStorage>(name, (sp, _) => new RelationalGrainStorage(
            name,
            new SqliteStorageDialect(sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name)),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansChat.Runtime.Storage")));
        return services;
    }
}
