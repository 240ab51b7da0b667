using System.Collections.Concurrent;
using System.Reflection;
using OrleansChat.Runtime.Messaging;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// Makes grain reference proxies for grain ids that arrive over the wire (arguments and results), bound to this
/// process's call invoker, so a reference received from another silo can be called like one from GetGrain.
/// </summary>
internal sealed class GrainReferenceFactory(Func<IGrainCallInvoker> invoker)
{
    private static readonly ConcurrentDictionary<Type, Func<GrainId, InterfaceDescriptor, IGrainCallInvoker, object>> Creators = new();

    private static readonly MethodInfo CreateMethod =
        typeof(GrainReferenceProxy).GetMethod(nameof(GrainReferenceProxy.Create), BindingFlags.Public | BindingFlags.Static)!;

    /// <summary>A proxy of <paramref name="interfaceType"/> for <paramref name="grainId"/>.</summary>
    public object Create(Type interfaceType, GrainId grainId)
    {
        var create = Creators.GetOrAdd(interfaceType, static type =>
            CreateMethod.MakeGenericMethod(type).CreateDelegate<Func<GrainId, InterfaceDescriptor, IGrainCallInvoker, object>>());
        return create(grainId, InterfaceDescriptor.Get(interfaceType), invoker());
    }
}
