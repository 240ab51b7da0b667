using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansChat.Grpc.Health;
using OrleansChat.Grpc.Reflection;
using OrleansChat.Grpc.Server.Internal;

namespace OrleansChat.Grpc.Server;

public static class GrpcServiceCollectionExtensions
{
    /// <summary>Adds the gRPC server: options (validated at start-up), the service registry and Kestrel's HTTP/2
    /// keepalive settings. Serve the services with <c>MapGrpcServices</c>.</summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddGrpcServerCore(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }

    /// <summary>Serves a service whose definition is built already.</summary>
    public static IServiceCollection AddGrpcService(this IServiceCollection services, ServerServiceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return services.AddGrpcService(_ => definition);
    }

    /// <summary>Serves a service whose definition is built from the container when the routes are mapped.</summary>
    public static IServiceCollection AddGrpcService(this IServiceCollection services, Func<IServiceProvider, ServerServiceDefinition> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        AddGrpcServerCore(services);
        services.AddSingleton(new GrpcServiceRegistration(factory));
        return services;
    }

    /// <summary>Serves <c>grpc.health.v1.Health</c>; set statuses through the <see cref="HealthServiceImpl"/> singleton.</summary>
    public static IServiceCollection AddGrpcHealthChecks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(HealthServiceImpl)))
        {
            return services;
        }

        services.AddSingleton<HealthServiceImpl>();
        return services.AddGrpcService(sp => sp.GetRequiredService<HealthServiceImpl>().Definition);
    }

    /// <summary>Serves server reflection (<c>grpc.reflection.v1</c> and <c>v1alpha</c>) over every registered
    /// service that has a protobuf descriptor.</summary>
    public static IServiceCollection AddGrpcReflection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ServerReflectionServiceImpl)))
        {
            return services;
        }

        services.AddSingleton(sp => new ServerReflectionServiceImpl(() => sp.GetRequiredService<GrpcServiceRegistry>().Services));
        services.AddGrpcService(sp => sp.GetRequiredService<ServerReflectionServiceImpl>().V1Definition);
        return services.AddGrpcService(sp => sp.GetRequiredService<ServerReflectionServiceImpl>().V1AlphaDefinition);
    }

    private static void AddGrpcServerCore(IServiceCollection services)
    {
        services.AddOptions<GrpcServerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrpcServerOptions>, GrpcServerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, GrpcKestrelOptionsSetup>());
        services.TryAddSingleton<GrpcServiceRegistry>();
        services.AddRouting();
    }
}
