using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Hosting;

namespace OrleansChat.Runtime.Testing;

/// <summary>
/// In-process silos for tests, each a host built with the runtime and the test's services. Stop a silo gracefully
/// (deactivations run), kill it (a stop with an already-cancelled token: no deactivation, no state written), or restart it.
/// Disposing stops everything.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly List<SiloHandle> _silos = [];
    private readonly Lock _gate = new();
    private int _nextSiloNumber;

    private TestCluster(TestClusterOptions options)
    {
        _options = options;
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

    /// <summary>Starts a cluster of <see cref="TestClusterOptions.InitialSilosCount"/> silos.</summary>
    public static async Task<TestCluster> StartAsync(TestClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestClusterOptions();
        if (options.InitialSilosCount != 1)
        {
            throw new NotSupportedException("TestClusterOptions.InitialSilosCount must be 1 until silos form a cluster.");
        }

        var cluster = new TestCluster(options);
        try
        {
            for (var i = 0; i < options.InitialSilosCount; i++)
            {
                await cluster.StartSiloAsync(cluster.NextSiloName(), cancellationToken).ConfigureAwait(false);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts one more silo. Not supported while a silo is active, until silos form a cluster.</summary>
    public Task<SiloHandle> StartAdditionalSiloAsync(CancellationToken cancellationToken = default)
    {
        if (Silos.Count > 0)
        {
            throw new NotSupportedException("A second silo needs clustering, which this runtime does not have yet.");
        }

        return StartSiloAsync(NextSiloName(), cancellationToken);
    }

    /// <summary>Stops a silo gracefully: every activation runs OnDeactivateAsync.</summary>
    public async Task StopSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.IsActive)
        {
            return;
        }

        silo.IsActive = false;
        try
        {
            await silo.Host.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await DisposeHostAsync(silo.Host).ConfigureAwait(false);
        }
    }

    /// <summary>Kills a silo: a stop with an already-cancelled token, so nothing deactivates and no state is written.</summary>
    public async Task KillSiloAsync(SiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!silo.IsActive)
        {
            return;
        }

        silo.IsActive = false;
        try
        {
            await silo.Host.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        }
        finally
        {
            await DisposeHostAsync(silo.Host).ConfigureAwait(false);
        }
    }

    /// <summary>Stops a silo gracefully and starts a new one with the same name and services.</summary>
    public async Task<SiloHandle> RestartSiloAsync(SiloHandle silo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(silo);
        await StopSiloAsync(silo, cancellationToken).ConfigureAwait(false);
        return await StartSiloAsync(silo.Name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops every active silo gracefully (killing any that fail to stop).</summary>
    public async ValueTask DisposeAsync()
    {
        List<Exception>? failures = null;
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

        return handle;
    }
}
