using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Messaging;
using OrleansChat.Runtime.Observers;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Hosting;

/// <summary>Registers the grain runtime (a silo) in a host.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the runtime: activation catalog, scheduler, grain factory (<see cref="IGrainFactory"/> in DI for in-process
    /// clients), observer references, local placement, and the hosted service that starts and stops the silo.
    /// Configure other options the usual way, e.g. <c>services.Configure&lt;GrainCollectionOptions&gt;(o =&gt; …)</c>;
    /// every option is validated at start-up.
    /// </summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<SiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var silo = services.AddOptions<SiloOptions>().ValidateOnStart();
        if (configure is not null)
        {
            silo.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(Silo)))
        {
            return services;
        }

        services.AddLogging();
        services.AddOptions<GrainCollectionOptions>().ValidateOnStart();
        services.AddOptions<SchedulingOptions>().ValidateOnStart();
        services.AddOptions<MessagingOptions>().ValidateOnStart();
        services.AddOptions<ObserverOptions>().ValidateOnStart();
        services.AddOptions<GrainTypeOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainCollectionOptions>, GrainCollectionOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SchedulingOptions>, SchedulingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ObserverOptions>, ObserverOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILocalSiloDetails, LocalSiloDetails>();
        services.TryAddSingleton<IPlacementDirector, LocalPlacementDirector>();
        services.AddSingleton<GrainTypeRegistry>();
        services.AddSingleton<GrainCatalog>();
        services.AddSingleton<ActivationCollector>();
        services.AddSingleton<ObserverRegistry>();
        services.AddSingleton<LocalGrainInvoker>();
        services.AddSingleton<IGrainCallInvoker, GrainCallRouter>();
        services.AddSingleton<GrainFactory>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainFactory>());
        services.AddSingleton<Silo>();
        services.AddHostedService<SiloHostedService>();
        return services;
    }

    /// <summary>Adds the runtime to a host builder; options bind from the "GrainRuntime" configuration section (Silo, Collection, Scheduling, Messaging, Observers).</summary>
    public static IServiceCollection AddGrainRuntime(this IHostApplicationBuilder builder, Action<SiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection("GrainRuntime");
        builder.Services.Configure<SiloOptions>(section.GetSection("Silo"));
        builder.Services.Configure<GrainCollectionOptions>(section.GetSection("Collection"));
        builder.Services.Configure<SchedulingOptions>(section.GetSection("Scheduling"));
        builder.Services.Configure<MessagingOptions>(section.GetSection("Messaging"));
        builder.Services.Configure<ObserverOptions>(section.GetSection("Observers"));
        return builder.Services.AddGrainRuntime(configure);
    }

    /// <summary>Hosts every grain class of the assemblies; their grain and observer interfaces are validated at start-up.</summary>
    public static IServiceCollection AddGrains(this IServiceCollection services, params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assemblies);
        services.Configure<GrainTypeOptions>(o =>
        {
            foreach (var assembly in assemblies)
            {
                o.Assemblies.Add(assembly);
            }
        });
        return services;
    }

    /// <summary>Hosts the given grain classes (only their interfaces are validated).</summary>
    public static IServiceCollection AddGrains(this IServiceCollection services, params Type[] grainClasses)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(grainClasses);
        services.Configure<GrainTypeOptions>(o =>
        {
            foreach (var grainClass in grainClasses)
            {
                o.GrainClasses.Add(grainClass);
            }
        });
        return services;
    }

    /// <summary>Hosts one grain class.</summary>
    public static IServiceCollection AddGrain<TGrain>(this IServiceCollection services)
        where TGrain : Grain => services.AddGrains(typeof(TGrain));
}
