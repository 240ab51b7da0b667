using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Messaging;

namespace OrleansChat.Runtime.Observers;

/// <summary>
/// The observer references alive in this process, by id (bounded by <see cref="ObserverOptions.MaxObjectReferences"/>),
/// so calls arriving from other silos can find their endpoint later.
/// </summary>
internal sealed class ObserverRegistry(IOptions<ObserverOptions> options, ILogger<ObserverRegistry> logger)
{
    private readonly ConcurrentDictionary<Guid, ObserverEndpoint> _endpoints = new();
    private readonly ObserverOptions _options = options.Value;

    public int Count => _endpoints.Count;

    public TObserver Create<TObserver>(TObserver target)
        where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target is IObserverReference)
        {
            throw new ArgumentException("The object is already an observer reference.", nameof(target));
        }

        var descriptor = InterfaceDescriptor.Get(typeof(TObserver));
        if (_endpoints.Count >= _options.MaxObjectReferences)
        {
            throw new InvalidOperationException(
                "The process already holds ObserverOptions.MaxObjectReferences (" + _options.MaxObjectReferences
                + ") observer references; delete unused ones with DeleteObjectReference.");
        }

        var endpoint = new ObserverEndpoint(Guid.NewGuid(), typeof(TObserver), target, _options.QueueCapacity, logger);
        _endpoints[endpoint.ObserverId] = endpoint;
        ObserversLog.Created(logger, endpoint.ObserverId, typeof(TObserver).Name);
        return ObserverReferenceProxy.Create<TObserver>(descriptor, endpoint);
    }

    public void Delete<TObserver>(TObserver reference)
        where TObserver : IGrainObserver
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference is not ObserverReferenceProxy proxy)
        {
            throw new ArgumentException("The object is not an observer reference made by CreateObjectReference.", nameof(reference));
        }

        if (_endpoints.TryRemove(proxy.ObserverId, out var endpoint))
        {
            endpoint.Delete();
            ObserversLog.Deleted(logger, endpoint.ObserverId);
        }
    }

    /// <summary>Deletes every reference (silo stop).</summary>
    public void DeleteAll()
    {
        foreach (var id in _endpoints.Keys)
        {
            if (_endpoints.TryRemove(id, out var endpoint))
            {
                endpoint.Delete();
            }
        }
    }
}
