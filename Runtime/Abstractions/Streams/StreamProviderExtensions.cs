using Microsoft.Extensions.DependencyInjection;

namespace OrleansChat.Runtime.Streams;

/// <summary>Finds stream providers by name, as <c>this.GetStreamProvider("name")</c> does in Orleans.</summary>
public static class StreamProviderExtensions
{
    /// <summary>The stream provider registered under <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No provider has that name.</exception>
    public static IStreamProvider GetStreamProvider(this Grain grain, string name)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return grain.ServiceProvider.GetStreamProvider(name);
    }

    /// <summary>The stream provider registered under <paramref name="name"/> in <paramref name="services"/>.</summary>
    /// <exception cref="KeyNotFoundException">No provider has that name.</exception>
    public static IStreamProvider GetStreamProvider(this IServiceProvider services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return services.GetKeyedService<IStreamProvider>(name)
            ?? throw new KeyNotFoundException("No stream provider named '" + name + "' is registered; register one, e.g. services.AddMemoryStreams(\"" + name + "\").");
    }
}
