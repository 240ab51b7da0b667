using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansChat.Grains;

/// <summary>Registers what the chat grains need besides the runtime: their options and a clock.</summary>
public static class ChatGrainsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="RoomOptions"/> (validated at start-up) and <see cref="TimeProvider"/>. The host also hosts the
    /// grain classes (<c>AddGrains(typeof(RoomGrain).Assembly)</c>), a storage and a stream provider named
    /// <see cref="ChatStreams.StorageName"/> and <see cref="ChatStreams.ProviderName"/>.
    /// </summary>
    public static IServiceCollection AddChatGrainOptions(this IServiceCollection services, Action<RoomOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RoomOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoomOptions>, RoomOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
