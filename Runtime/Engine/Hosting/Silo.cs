using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Cluster;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Observers;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Hosting;

/// <summary>
/// The runtime of one silo: validates grain classes, interfaces and storage at start, runs the idle collector,
/// and on stop deactivates every activation (graceful) or abandons them (crash: stop with a cancelled token).
/// In a cluster (<c>AddClustering</c>) it also drives <see cref="ClusterSiloLifecycle"/>: endpoint and join before the
/// catalog runs, Active after; ShuttingDown before deactivating, Dead and endpoint stop after; abort on a crash.
/// </summary>
internal sealed class Silo(
    GrainTypeRegistry registry,
    GrainCatalog catalog,
    ActivationCollector collector,
    ObserverRegistry observers,
    IServiceProvider services,
    ILocalSiloDetails localSilo,
    IOptions<SiloOptions> options,
    ILogger<Silo> logger)
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ClusterSiloLifecycle? _cluster = services.GetService<ClusterSiloLifecycle>();
    private Task _collector = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        VerifyStorage();
        try
        {
            if (_cluster is not null)
            {
                await _cluster.JoinAsync(cancellationToken).ConfigureAwait(false);
            }

            using (ExecutionContext.SuppressFlow())
            {
                _collector = Task.Run(() => collector.RunAsync(_stopping.Token), CancellationToken.None);
            }

            if (_cluster is not null)
            {
                await _cluster.BecomeActiveAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch when (_cluster is not null)
        {
            // A half-started cluster silo leaves nothing running: endpoint, membership loops and collector stop.
            await _cluster.KillAsync().ConfigureAwait(false);
            catalog.Kill();
            await _stopping.CancelAsync().ConfigureAwait(false);
            throw;
        }

        HostingLog.Started(logger, localSilo.SiloAddress.ToString(), registry.Classes.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || _cluster?.KilledItself == true)
        {
            if (_cluster is not null)
            {
                await _cluster.KillAsync().ConfigureAwait(false);
            }

            HostingLog.Killed(logger, AddressForLogs, catalog.Kill());
        }
        else
        {
            if (_cluster is not null)
            {
                await _cluster.ShutDownAsync(cancellationToken).ConfigureAwait(false);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.ShutdownTimeout);
            try
            {
                await catalog.StopAsync(timeout.Token).ConfigureAwait(false);
                HostingLog.Stopped(logger, AddressForLogs);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                HostingLog.ShutdownTimedOut(logger, AddressForLogs, catalog.Kill());
            }

            if (_cluster is not null)
            {
                await _cluster.StopAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _collector.ConfigureAwait(false);
        observers.DeleteAll();
    }

    /// <summary>The address, or the name before a clustered silo has one (a start that failed early).</summary>
    private string AddressForLogs => localSilo is ClusterSiloDetails { AddressOrNull: null } ? localSilo.Name : localSilo.SiloAddress.ToString();

    private void VerifyStorage()
    {
        var problems = registry.Classes
            .SelectMany(c => c.States.Select(s => (Class: c, State: s)))
            .Where(x => services.GetKeyedService<IGrainStorage>(x.State.StorageName) is null)
            .Select(x => x.Class.ClassType.Name + " parameter '" + x.State.ParameterName + "' ([PersistentState(\"" + x.State.StateName + "\", \""
                + x.State.StorageName + "\")]) needs a grain storage named '" + x.State.StorageName + "'; register one, e.g. services.AddMemoryGrainStorage(\""
                + x.State.StorageName + "\") or services.AddSqliteGrainStorage(\"" + x.State.StorageName + "\", ...).")
            .ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }
    }
}
