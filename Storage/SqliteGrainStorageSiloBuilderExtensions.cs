using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace OrleansChat.Storage;

/// <summary>Registers <see cref="SqliteGrainStorage"/> the way Orleans registers its own providers.</summary>
public static class SqliteGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds a SQLite grain storage named <paramref name="name"/> (used as <c>[PersistentState("x", name)]</c>).</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureServices(services => services.AddSqliteGrainStorage(name, configure));
    }

    /// <summary>Adds a SQLite grain storage named <paramref name="name"/> to a silo's services.</summary>
    public static IServiceCollection AddSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteGrainStorageOptions>, SqliteGrainStorageOptionsValidator>());
        services.AddTransient<IPostConfigureOptions<SqliteGrainStorageOptions>>(sp => new SerializerDefault(name, sp));
        return services.AddGrainStorage(name, (sp, storageName) => new SqliteGrainStorage(
            storageName,
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(storageName),
            sp.GetRequiredService<ILogger<SqliteGrainStorage>>()));
    }

    // Protobuf messages as protobuf, the rest with the serializer Orleans would use for this storage.
    private sealed class SerializerDefault(string name, IServiceProvider services) : IPostConfigureOptions<SqliteGrainStorageOptions>
    {
        public void PostConfigure(string? optionsName, SqliteGrainStorageOptions options)
        {
            if (optionsName == name && options.GrainStorageSerializer is null)
            {
                var fallback = services.GetKeyedService<IGrainStorageSerializer>(name) ?? services.GetRequiredService<IGrainStorageSerializer>();
                options.GrainStorageSerializer = new ProtobufGrainStorageSerializer(fallback);
            }
        }
    }
}
