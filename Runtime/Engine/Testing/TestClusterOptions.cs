using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Membership;

namespace OrleansChat.Runtime.Testing;

/// <summary>How a <see cref="TestCluster"/> builds its silos. Timeouts are short by default.</summary>
public sealed class TestClusterOptions
{
    /// <summary>How many silos to start. More than 1 makes the cluster <see cref="Clustered"/>.</summary>
    public int InitialSilosCount { get; set; } = 1;

    /// <summary>
    /// Whether the silos form a real cluster (<c>AddClustering</c>: cluster endpoints on 127.0.0.1 ephemeral ports, one
    /// shared <see cref="MembershipTable"/>, hash placement, calls between silos over gRPC). Default false: a single
    /// silo without clustering, as before. Implied by <see cref="InitialSilosCount"/> &gt; 1.
    /// </summary>
    public bool Clustered { get; set; }

    /// <summary>The membership table the silos (and cluster clients) share; a new one by default.</summary>
    public MemoryMembershipTable MembershipTable { get; set; } = new();

    /// <summary>
    /// Names of memory grain storages created once for the whole cluster and registered in every silo, so state
    /// written on one silo is read on another (a grain moving after a stop or a kill). Empty by default; register
    /// other storages through <see cref="ConfigureServices"/> (e.g. one SQLite file for every silo).
    /// </summary>
    public IList<string> SharedMemoryGrainStorage { get; } = [];

    /// <summary>Registers each silo's grains, storage, streams and options (called after the runtime defaults, so it can override them).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Configures each silo's logging (e.g. a provider that fails tests on errors); cluster clients' too.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }

    /// <summary>
    /// Adjusts the membership options of clustered silos and clients, after the test defaults: heartbeat and table
    /// refresh every 100 ms, death after 2 s without heartbeat, 300 ms after a reported unreachable connection.
    /// </summary>
    public Action<MembershipOptions>? ConfigureMembership { get; set; }

    /// <summary>SiloOptions.ShutdownTimeout for test silos. Default 10 seconds.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>MessagingOptions.ResponseTimeout for test silos. Default 10 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>GrainCollectionOptions activation and deactivation timeouts for test silos. Default 10 seconds.</summary>
    public TimeSpan ActivationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long starting the cluster may wait for every silo to see the others. Default 30 seconds.</summary>
    public TimeSpan StabilizationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal bool IsClustered => Clustered || InitialSilosCount > 1;
}
