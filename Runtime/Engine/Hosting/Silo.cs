using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Observers;
using OrleansChat.Runtime.Placement;

namespace OrleansChat.Runtime.Hosting;

/// <summary>
/// The runtime of one silo: validates grain classes, interfaces and storage at start, runs the idle collector,
/// and on stop deactivates every activation (graceful) or abandons them (crash: stop with a cancelled token).
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
    private Task _collector = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        VerifyStorage();
        using (ExecutionContext.SuppressFlow())
        {
            _collector = Task.Run(() => collector.RunAsync(_stopping.Token), CancellationToken.None);
        }

        HostingLog.Started(logger, localSilo.SiloAddress.ToString(), registry.Classes.Count);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            HostingLog.Killed(logger, localSilo.SiloAddress.ToString(), catalog.Kill());
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.ShutdownTimeout);
            try
            {
                await catalog.StopAsync(timeout.Token).ConfigureAwait(false);
                HostingLog.Stopped(logger, localSilo.SiloAddress.ToString());
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                HostingLog.ShutdownTimedOut(logger, localSilo.SiloAddress.ToString(), catalog.Kill());
            }
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _collector.ConfigureAwait(false);
        observers.DeleteAll();
    }

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
