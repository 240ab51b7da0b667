using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Streams;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Registers stream providers by name; grains get them with <c>this.GetStreamProvider(name)</c>.</summary>
public static class StreamServiceCollectionExtensions
{
    /// <summary>Adds an in-memory stream provider (push delivery, sequence tokens, bounded rewind cache).</summary>
    public static IServiceCollection AddMemoryStreams(this IServiceCollection services, string name = "Default", Action<MemoryStreamOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = services.AddOptions<MemoryStreamOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MemoryStreamOptions>, MemoryStreamOptionsValidator>());
        services.AddKeyedSingleton<IStreamProvider>(name, (sp, _) => new MemoryStreamProvider(
            name,
            sp.GetRequiredService<IOptionsMonitor<MemoryStreamOptions>>().Get(name),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("OrleansChat.Runtime.Streams")));
        return services;
    }
}
