using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansChat.Gateway.Auth;
using OrleansChat.Gateway.Health;
using OrleansChat.Gateway.Limits;
using OrleansChat.Gateway.Rooms;
using OrleansChat.Gateway.Services;

namespace OrleansChat.Gateway;

/// <summary>Registers the public chat gateway.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gateway: grpc-dotnet with <c>chat.v1.ChatService</c> and the seed-compatible <c>chat.ChatService</c>,
    /// the standard health service (NOT_SERVING while the server stops or the grain runtime is not ready) and
    /// reflection, the room hub with its lease renewal, identity and limits. Needs a grain factory and the stream
    /// provider named <see cref="Grains.ChatStreams.ProviderName"/> in the container (the embedded silo provides
    /// both), and <see cref="GatewayEndpointRouteBuilderExtensions.MapChatGateway"/> to serve.
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

        services.AddGrpc(grpc => grpc.EnableDetailedErrors = false);
        services.AddGrpcHealthChecks().AddCheck<GatewayHealthCheck>(GatewayHealthCheck.Name);
        services.AddGrpcReflection();
        return services;
    }
}
