using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Membership;
using OrleansChat.Runtime.Storage;

namespace OrleansChat.Runtime.Testing;

/// <summary>
/// In-process silos for tests, each a host built with the runtime and the test's services. Stop a silo gracefully
/// (deactivations run), kill it (a stop with an already-cancelled token: no deactivation, no state written; in a
/// clustered cluster its endpoint and connections are aborted, so peers see refused and broken connections), or
/// restart it. A clustered cluster (<see cref="TestClusterOptions.Clustered"/> or more than one silo) runs real
/// clustering over 127.0.0.1 with one shared membership table and short membership intervals. Disposing stops
/// everything, cluster clients first.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<SiloHandle> _silos = [];
    private readonly List<ClusterClientHandle> _clients = [];
    private readonly List<Task> _selfStops = [];
    private readonly Dictionary<string, IGrainStorage> _sharedStorage = [];
    private readonly Lock _gate = new();
    private int _nextSiloNumber;

    private TestCluster(TestClusterOptions options)
    {
        _options = options;
        foreach (var name in options.SharedMemoryGrainStorage.Distinct(StringComparer.Ordinal))
        {
            _sharedStorage[name] = new MemoryGrainStorage(name, new MemoryGrainStorageOptions(), NullLogger.Instance);
        }
    }

    /// <summary>The active silos.</summary>
    public IReadOnlyList<SiloHandle> Silos
    {
        get
        {
            lock (_gate)
            {
                return _silos.Where(s => s.IsActive).ToList();
            }
        }
    }

    /// <summary>The first active silo.</summary>
    public SiloHandle Primary => Silos.FirstOrDefault() ?? throw new InvalidOperationException("The test cluster has no active silo.");

    /// <summary>A grain factory for the test (the primary silo's, as an in-process client).</summary>
    public IGrainFactory GrainFactory => Primary.GrainFactory;

    /// <summary>Whether the silos form a real cluster.</summary>
    public bool IsClustered => _options.IsClustered;

    /// <summary>The membership table of a clustered cluster.</summary>
    public MemoryMembershipTable MembershipTable => _options.MembershipTable;

    /// <summary>
    /// Starts a cluster of <see cref="TestClusterOptions.InitialSilosCount"/> silos; a clustered one returns once every
    /// silo sees every other active.
    /// </summary>
    public static async Task<TestCluster> StartAsync(TestClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestClusterOptions();
        if (options.InitialSilosCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "TestClusterOptions.InitialSilosCount must be at least 1.");
        }

        var cluster = new TestCluster(options);
        try
        {
            for (var i = 0; i < options.InitialSilosCount; i++)
            {
                await cluster.StartSiloAsync(cluster.NextSiloName(), cancellationToken).ConfigureAwait(false);
            }

            if (options.IsClustered)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.StabilizationTimeout);
                await cluster.WaitForMembershipStableAsync(timeout.Token).ConfigureAwait(false);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts one more silo. Without clustering, only when no silo is active.</summary>
    public Task<SiloHandle> StartAdditionalSiloAsync(CancellationToken cancellationToken = default)
    {
        if (!IsClustered && Silos.Count > 0)
        {
            throw new NotSupportedException("A second silo needs clustering: set TestClusterOptions.Clustered = true.");
        }

        return StartSiloAsync(NextSiloName(), cancellationToken);
    }

    /// <summary>Stops a silo gracefully: every activation runs OnDeactivateAsync; in a cluster it leaves the table as Dead.</summary>
    public async Task StopSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.TryDeactivate())
        {
            await silo.Stopped.ConfigureAwait(false);
            return;
        }

        try
        {
            await silo.Host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DisposeHostAsync(silo.Host).ConfigureAwait(false);
            silo.MarkStopped();
        }
    }

    /// <summary>
    /// Kills a silo: a stop with an already-cancelled token, so nothing deactivates and no state is written; in a
    /// cluster its listener and connections are aborted and its row stays as it was (peers declare it dead).
    /// </summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.TryDeactivate())
        {
            await silo.Stopped.ConfigureAwait(false);
            return;
        }

        try
        {
            await silo.Host.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        }
        finally
        {
            await DisposeHostAsync(silo.Host).ConfigureAwait(false);
            silo.MarkStopped();
        }
    }

    /// <summary>Stops a silo gracefully and starts a new one with the same name and services (a new address in a cluster).</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo, cancellationToken).ConfigureAwait(false);
        return await StartSiloAsync(silo.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes when every active silo's membership view has exactly the active silos as Active (immediately without
    /// clustering). Waits on the views' change signals.
    /// </summary>
    public async Task WaitForMembershipStableAsync(CancellationToken cancellationToken = default)
    {
        if (!IsClustered)
        {
            return;
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var silos = Silos;
            var expected = silos.Select(s => s.SiloAddress).ToHashSet();
            var views = silos.Select(s => s.MembershipView!).ToList();
            if (views.All(v => v.Current.ActiveSilos.ToHashSet().SetEquals(expected)))
            {
                return;
            }

            // Wake on any view's next change, or on a silo of the cluster stopping by itself.
            using var changed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var changes = views.Select(v => (Task)v.WaitForChangeAsync(v.Current.Version, changed.Token)).ToList();
            await Task.WhenAny(changes.Concat(silos.Select(s => s.Stopped))).ConfigureAwait(false);
            await changed.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(changes).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Starts an in-process cluster client (<c>AddClusterClient</c>) on the cluster's membership table and waits until
    /// it is ready. The cluster disposes it first when disposed.
    /// </summary>
    public async Task<ClusterClientHandle> CreateClusterClientAsync(Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        if (!IsClustered)
        {
            throw new NotSupportedException("A cluster client needs a clustered test cluster: set TestClusterOptions.Clustered = true.");
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "OrleansChat.TestCluster.Client" });
        builder.Services.AddClusterClient(o => o.ClientName = "test-client");
        builder.Services.AddMemoryMembershipTable(_options.MembershipTable);
        builder.Services.Configure<MembershipOptions>(ConfigureMembership);
        builder.Services.Configure<MessagingOptions>(o => o.ResponseTimeout = _options.ResponseTimeout);
        _options.ConfigureLogging?.Invoke(builder.Logging);
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        var handle = new ClusterClientHandle(host);
        lock (_gate)
        {
            _clients.Add(handle);
        }

        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.StabilizationTimeout);
        await handle.Client.WaitForClusterAsync(timeout.Token).ConfigureAwait(false);
        return handle;
    }

    /// <summary>Stops every cluster client, then every active silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Exception>? failures = null;
        List<ClusterClientHandle> clients;
        lock (_gate)
        {
            clients = [.. _clients];
            _clients.Clear();
        }

        foreach (var client in clients)
        {
            try
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                (failures ??= []).Add(exception);
            }
        }

        foreach (var silo in Silos)
        {
            try
            {
                await StopSiloAsync(silo).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                (failures ??= []).Add(exception);
            }
        }

        Task[] selfStops;
        lock (_gate)
        {
            selfStops = [.. _selfStops];
        }

        await Task.WhenAll(selfStops).ConfigureAwait(false);
        if (failures is not null)
        {
            throw new AggregateException("Stopping the test cluster failed.", failures);
        }
    }

    private static async Task DisposeHostAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }

    private void ConfigureMembership(MembershipOptions options)
    {
        options.ClusterId = "testcluster";
        options.HeartbeatInterval = TimeSpan.FromMilliseconds(100);
        options.TableRefreshInterval = TimeSpan.FromMilliseconds(100);
        options.DeathTimeout = TimeSpan.FromSeconds(2);
        options.UnreachableGracePeriod = TimeSpan.FromMilliseconds(300);
        _options.ConfigureMembership?.Invoke(options);
    }

    private string NextSiloName() => "silo" + Interlocked.Increment(ref _nextSiloNumber);

    private async Task<SiloHandle> StartSiloAsync(string name, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "OrleansChat.TestCluster." + name });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = _options.ShutdownTimeout * 2);
        builder.Services.AddGrainRuntime(o =>
        {
            o.SiloName = name;
            o.ShutdownTimeout = _options.ShutdownTimeout;
        });
        if (IsClustered)
        {
            builder.Services.AddClustering(o =>
            {
                o.ListenAddress = "127.0.0.1";
                o.Port = 0;
            });
            builder.Services.AddMemoryMembershipTable(_options.MembershipTable);
            builder.Services.Configure<MembershipOptions>(ConfigureMembership);
        }

        foreach (var (storageName, storage) in _sharedStorage)
        {
            builder.Services.AddKeyedSingleton(storageName, storage);
        }

        builder.Services.Configure<MessagingOptions>(o => o.ResponseTimeout = _options.ResponseTimeout);
        builder.Services.Configure<GrainCollectionOptions>(o =>
        {
            o.ActivationTimeout = _options.ActivationTimeout;
            o.DeactivationTimeout = _options.ActivationTimeout;
        });
        _options.ConfigureLogging?.Invoke(builder.Logging);
        _options.ConfigureServices?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await DisposeHostAsync(host).ConfigureAwait(false);
            throw;
        }

        var handle = new SiloHandle(name, host);
        lock (_gate)
        {
            _silos.Add(handle);
        }

        // A clustered silo that reads itself dead stops itself and asks its host to stop: finish the job.
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() =>
        {
            if (handle.TryDeactivate())
            {
                lock (_gate)
                {
                    _selfStops.Add(Task.Run(() => FinishSelfStopAsync(handle)));
                }
            }
        });
        return handle;
    }

    private static async Task FinishSelfStopAsync(SiloHandle silo)
    {
        try
        {
            await silo.Host.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        }
        finally
        {
            await DisposeHostAsync(silo.Host).ConfigureAwait(false);
            silo.MarkStopped();
        }
    }
}
