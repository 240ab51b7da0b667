using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Placement;
using OrleansChat.Runtime.Testing;
using OrleansChat.Runtime.Tests.Infrastructure;

namespace OrleansChat.Runtime.Tests.Cluster;

/// <summary>
/// A clustered test cluster of its own (silos on 127.0.0.1 ephemeral ports, one memory membership table, one shared
/// memory grain storage "Default", a <see cref="ClusterProbe"/>); disposing stops it and fails the test on any Error
/// or Critical log unless the test said it expects some.
/// </summary>
internal sealed class ClusterTestScope : IAsyncDisposable
{
    private ClusterTestScope(TestCluster cluster, ErrorLogSink errors, ClusterProbe probe)
    {
        Cluster = cluster;
        Errors = errors;
        Probe = probe;
    }

    public TestCluster Cluster { get; }

    public ErrorLogSink Errors { get; }

    public ClusterProbe Probe { get; }

    /// <summary>Log texts (substrings) a test provokes on purpose; other Error or Critical entries fail it.</summary>
    public List<string> ExpectedErrors { get; } = [];

    public static async Task<ClusterTestScope> StartAsync(int silos, Action<TestClusterOptions>? configure = null)
    {
        var errors = new ErrorLogSink();
        var probe = new ClusterProbe();
        var options = Options(silos, errors, probe);
        configure?.Invoke(options);
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        var cluster = await TestCluster.StartAsync(options, timeout.Token);
        return new ClusterTestScope(cluster, errors, probe);
    }

    public static TestClusterOptions Options(int silos, ErrorLogSink errors, ClusterProbe probe)
    {
        var options = new TestClusterOptions
        {
            InitialSilosCount = silos,
            Clustered = true,
            ConfigureLogging = logging =>
            {
                logging.AddProvider(errors);
                if (Environment.GetEnvironmentVariable("CLUSTER_DEBUG_LOG") is { } path)
                {
                    logging.AddProvider(new FileLoggerProvider(path)).SetMinimumLevel(LogLevel.Debug);
                }
            },
            ConfigureServices = services => services
                .AddSingleton(probe)
                .AddGrains(typeof(PlacedGrain)),
        };
        options.SharedMemoryGrainStorage.Add(PersistentStateAttribute.DefaultStorageName);
        return options;
    }

    /// <summary>The silo that owns <paramref name="key"/> in <paramref name="viewer"/>'s view.</summary>
    public static SiloAddress OwnerOf(SiloHandle viewer, string key) =>
        viewer.Services.GetRequiredService<HashPlacementDirector>().Place(new GrainId("placed", key), viewer.MembershipView!.Current);

    /// <summary>A key whose grain the first silo's view places on <paramref name="silo"/>.</summary>
    public string KeyOwnedBy(SiloHandle silo, string prefix = "key")
    {
        var viewer = Cluster.Primary;
        for (var i = 0; ; i++)
        {
            var key = prefix + "-" + i;
            if (OwnerOf(viewer, key) == silo.SiloAddress)
            {
                return key;
            }
        }
    }

    /// <summary>Waits (bounded) until every live silo's view has exactly the live silos active.</summary>
    public async Task WaitForStableAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Signal);
        await Cluster.WaitForMembershipStableAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        var unexpected = Errors.Errors.Where(e => !ExpectedErrors.Any(expected => e.Contains(expected, StringComparison.Ordinal))).ToList();
        Assert.True(unexpected.Count == 0, "Unexpected Error or Critical logs:" + Environment.NewLine + string.Join(Environment.NewLine, unexpected));
    }
}
