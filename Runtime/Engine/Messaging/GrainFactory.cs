using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Observers;

namespace OrleansChat.Runtime.Messaging;

/// <summary>The silo's <see cref="IGrainFactory"/>: grain references are runtime-generated proxies over <see cref="IGrainCallInvoker"/>.</summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, IGrainCallInvoker invoker, ObserverRegistry observers) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var descriptor = InterfaceDescriptor.Get(typeof(TGrainInterface));
        var grainClass = registry.ResolveClass(typeof(TGrainInterface));
        return GrainReferenceProxy.Create<TGrainInterface>(new GrainId(grainClass.GrainType, key), descriptor, invoker);
    }

    public TObserver CreateObjectReference<TObserver>(TObserver obj)
        where TObserver : IGrainObserver => observers.Create(obj);

    public void DeleteObjectReference<TObserver>(TObserver reference)
        where TObserver : IGrainObserver => observers.Delete(reference);
}
