using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansChat.Gateway.Auth;
using OrleansChat.Gateway.Limits;
using OrleansChat.Gateway.Rooms;
using OrleansChat.Gateway.Services;
using OrleansChat.Grpc.Server;

namespace OrleansChat.Gateway;

/// <summary>Registers the public chat gateway.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway: <c>chat.v1.ChatService</c>, the seed-compatible <c>chat.ChatService</c>, health and
    /// reflection, the room hub with its lease renewal, identity and limits. Needs a grain factory and the
    /// stream provider named <see cref="Grains.ChatStreams.ProviderName"/> in the container (the embedded silo
    /// provides both), and <c>app.MapGrpcServices()</c> to serve.
    /// </summary>
    public static IServiceCollection AddChatGateway(this IServiceCollection services, Action<GatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GatewayOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GatewayIdentity>();
        services.TryAddSingleton<RoomHub>();
        services.TryAddSingleton<IdentityResolver>();
        services.TryAddSingleton<UserRateLimiter>();
        services.TryAddSingleton<ConnectionStreamLimiter>();
        services.TryAddSingleton<GatewayContext>();
        services.TryAddSingleton<ChatGatewayService>();
        services.TryAddSingleton<CompatGatewayService>();
        services.AddSingleton<LeaseRenewalService>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseRenewalService>());

        services.AddGrpcService(sp => sp.GetRequiredService<ChatGatewayService>().BuildDefinition());
        services.AddGrpcService(sp => sp.GetRequiredService<CompatGatewayService>().BuildDefinition());
        // A session's outgoing frames wait in its response stream's queue: let it hold a whole session queue.
        services.AddOptions<GrpcServerOptions>()
            .PostConfigure<IOptions<GatewayOptions>>((grpc, gateway) =>
                grpc.ResponseStreamCapacity = Math.Max(grpc.ResponseStreamCapacity, gateway.Value.SessionQueueCapacity));
        services.AddGrpcHealthChecks();
        services.AddGrpcReflection();
        return services;
    }
}
