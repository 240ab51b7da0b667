using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Membership;

namespace OrleansChat.Runtime.Hosting;

/// <summary>
/// Registers cluster membership: a membership table (memory, SQLite) and the view over it — the
/// <see cref="MembershipAgent"/> in a silo, the <see cref="MembershipReader"/> in a cluster client. Neither starts
/// itself: the silo's (or client's) cluster hosted service drives their life cycle.
/// </summary>
public static class MembershipServiceCollectionExtensions
{
    /// <summary>Uses <paramref name="table"/>, shared by every silo of the process (a TestCluster), as the membership table.</summary>
    public static IServiceCollection AddMemoryMembershipTable(this IServiceCollection services, MemoryMembershipTable table)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(table);
        services.AddSingleton<IMembershipTable>(table);
        return services;
    }

    /// <summary>
    /// Adds the silo's membership agent (<see cref="IClusterMembershipView"/>): <see cref="MembershipOptions"/>
    /// validated at start-up, the agent as a singleton. A membership table must be registered too.
    /// </summary>
    public static IServiceCollection AddMembershipAgent(this IServiceCollection services, Action<MembershipOptions>? configure = null)
    {
        AddMembershipOptions(services, configure);
        services.TryAddSingleton<MembershipAgent>();
        services.TryAddSingleton<IClusterMembershipView>(sp => sp.GetRequiredService<MembershipAgent>());
        return services;
    }

    /// <summary>Adds the membership agent with <see cref="MembershipOptions"/> bound from the "Membership" configuration section.</summary>
    public static IServiceCollection AddMembershipAgent(this IHostApplicationBuilder builder, Action<MembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<MembershipOptions>(builder.Configuration.GetSection(MembershipOptions.SectionName));
        return builder.Services.AddMembershipAgent(configure);
    }

    /// <summary>
    /// Adds a cluster client's membership reader (<see cref="IClusterMembershipView"/>), which reads the table and never
    /// writes it. A membership table must be registered too.
    /// </summary>
    public static IServiceCollection AddMembershipReader(this IServiceCollection services, Action<MembershipOptions>? configure = null)
    {
        AddMembershipOptions(services, configure);
        services.TryAddSingleton<MembershipReader>();
        services.TryAddSingleton<IClusterMembershipView>(sp => sp.GetRequiredService<MembershipReader>());
        return services;
    }

    /// <summary>Adds the membership reader with <see cref="MembershipOptions"/> bound from the "Membership" configuration section.</summary>
    public static IServiceCollection AddMembershipReader(this IHostApplicationBuilder builder, Action<MembershipOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<MembershipOptions>(builder.Configuration.GetSection(MembershipOptions.SectionName));
        return builder.Services.AddMembershipReader(configure);
    }

    private static void AddMembershipOptions(IServiceCollection services, Action<MembershipOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MembershipOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
    }
}
