using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Scheduling;

namespace OrleansChat.Runtime.Catalog;

/// <summary>
/// The activation directory of this silo: at most one activation per grain id. Routes work items to activations,
/// creating them on first use. Calls that reach an activation while it deactivates wait on it, in order, and move with
/// its unprocessed calls to the next activation, which starts only after OnDeactivateAsync has finished.
/// </summary>
internal sealed class GrainCatalog
{
    private const int MaxRouteAttempts = 16;

    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();
    private readonly GrainTypeRegistry _registry;
    private readonly Lazy<IGrainFactory> _grainFactory;
    private volatile bool _stopping;

    public GrainCatalog(
        IServiceProvider services,
        GrainTypeRegistry registry,
        IOptions<GrainCollectionOptions> collectionOptions,
        IOptions<SchedulingOptions> schedulingOptions,
        ILoggerFactory loggerFactory,
        TimeProvider timeProvider)
    {
        Services = services;
        _registry = registry;
        _grainFactory = new Lazy<IGrainFactory>(services.GetRequiredService<IGrainFactory>);
        MailboxCapacity = schedulingOptions.Value.MailboxCapacity;
        ActivationTimeout = collectionOptions.Value.ActivationTimeout;
        DeactivationTimeout = collectionOptions.Value.DeactivationTimeout;
        Logger = loggerFactory.CreateLogger("OrleansChat.Runtime.Catalog");
        SchedulingLogger = loggerFactory.CreateLogger("OrleansChat.Runtime.Scheduling");
        TimeProvider = timeProvider;
    }

    public IServiceProvider Services { get; }

    public IGrainFactory GrainFactory => _grainFactory.Value;

    public int MailboxCapacity { get; }

    public TimeSpan ActivationTimeout { get; }

    public TimeSpan DeactivationTimeout { get; }

    public ILogger Logger { get; }

    public ILogger SchedulingLogger { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>The number of activations in the directory.</summary>
    public int Count => _activations.Count;

    /// <summary>The live activation of a grain, if any (tests and diagnostics).</summary>
    public ActivationData? TryGetActivation(GrainId grainId) => _activations.TryGetValue(grainId, out var activation) ? activation : null;

    /// <summary>Queues a work item for a grain, activating it if needed. Never waits, so calls from one caller keep their order.</summary>
    /// <exception cref="GrainOverloadedException">The grain's mailbox is full.</exception>
    /// <exception cref="SiloUnavailableException">The silo is stopping.</exception>
    public void Enqueue(GrainId grainId, WorkItem item)
    {
        for (var attempt = 0; attempt < MaxRouteAttempts; attempt++)
        {
            switch (GetOrCreate(grainId).TryEnqueue(item))
            {
                case EnqueueResult.Enqueued:
                    return;
                case EnqueueResult.Full:
                    throw new GrainOverloadedException(
                        "Grain " + grainId + " has " + MailboxCapacity + " queued work items (SchedulingOptions.MailboxCapacity); the call was rejected.");
                default:
                    // Closed: the activation retired and left the directory; look again.
                    continue;
            }
        }

        throw new SiloUnavailableException("Grain " + grainId + " kept deactivating; the call could not be delivered.");
    }

    public IGrainStorage GetStorage(string storageName, GrainClassInfo grainClass) =>
        Services.GetKeyedService<IGrainStorage>(storageName)
            ?? throw new InvalidOperationException(
                "Grain class " + grainClass.ClassType.Name + " needs a grain storage named '" + storageName
                + "'; register one, e.g. services.AddMemoryGrainStorage(\"" + storageName + "\").");

    /// <summary>Removes a failed or abandoned activation from the directory.</summary>
    public void Remove(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>
    /// Replaces a retiring activation by a new one that already holds <paramref name="items"/> (in order) before it
    /// becomes visible, so they stay ahead of later calls. Returns null (and removes the old one) when the silo is
    /// stopping or the items do not fit; the caller then fails them.
    /// </summary>
    public ActivationData? TryCreateSuccessor(ActivationData retiring, List<WorkItem> items)
    {
        if (!_stopping)
        {
            var successor = new ActivationData(this, _registry.GetByGrainType(retiring.GrainId.Type), retiring.GrainId);
            if (items.All(item => successor.TryEnqueue(item) == EnqueueResult.Enqueued)
                && _activations.TryUpdate(retiring.GrainId, successor, retiring))
            {
                CatalogLog.Forwarded(Logger, retiring.GrainId, items.Count);
                return successor;
            }
        }

        Remove(retiring);
        return null;
    }

    /// <summary>Queues an idle check on every activation idle for at least <paramref name="age"/>.</summary>
    public int CollectIdle(TimeSpan age)
    {
        var requested = 0;
        foreach (var activation in _activations.Values)
        {
            if (!activation.IsClosed && activation.IsIdleFor(age))
            {
                activation.RequestCollection(age);
                requested++;
            }
        }

        return requested;
    }

    /// <summary>
    /// Asks every activation whose grain matches <paramref name="predicate"/> to deactivate gracefully (queued calls
    /// run, then OnDeactivateAsync; calls arriving meanwhile fail as not run). Returns how many were asked.
    /// </summary>
    public int DeactivateWhere(Func<GrainId, bool> predicate, DeactivationReason reason)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var count = 0;
        foreach (var activation in _activations.Values)
        {
            if (!activation.IsClosed && predicate(activation.GrainId))
            {
                activation.BeginDeactivation(reason);
                count++;
            }
        }

        return count;
    }

    /// <summary>The grain ids of the activations in the directory (tests, diagnostics).</summary>
    public IReadOnlyCollection<GrainId> GrainIds => [.. _activations.Keys];

    /// <summary>Graceful stop: every activation runs its queued items and OnDeactivateAsync. Cancelling abandons the rest.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        for (var round = 0; round < MaxRouteAttempts && !_activations.IsEmpty; round++)
        {
            var activations = _activations.Values.ToArray();
            foreach (var activation in activations)
            {
                activation.BeginShutdown();
            }

            await Task.WhenAll(activations.Select(a => a.Deactivated)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Crash: every activation stops after its current turn, without OnDeactivateAsync.</summary>
    public int Kill()
    {
        _stopping = true;
        var activations = _activations.Values.ToArray();
        foreach (var activation in activations)
        {
            activation.Kill();
        }

        return activations.Length;
    }

    private ActivationData GetOrCreate(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (_stopping)
        {
            throw new SiloUnavailableException("The silo is stopping; grain " + grainId + " cannot be activated.");
        }

        var created = new ActivationData(this, _registry.GetByGrainType(grainId.Type), grainId);
        var activation = _activations.GetOrAdd(grainId, created);
        activation.EnsureStarted();
        if (ReferenceEquals(activation, created))
        {
            CatalogLog.ActivationCreated(Logger, grainId);
            if (_stopping)
            {
                activation.BeginShutdown();
            }
        }

        return activation;
    }
}
