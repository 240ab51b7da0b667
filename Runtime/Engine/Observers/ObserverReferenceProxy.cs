using System.Reflection;
using OrleansChat.Runtime.Messaging;

namespace OrleansChat.Runtime.Observers;

/// <summary>
/// The runtime-generated implementation of an observer interface (via <see cref="DispatchProxy"/>) returned by
/// <c>CreateObjectReference</c>: each call copies its arguments and is queued on the <see cref="ObserverEndpoint"/>.
/// Not sealed because DispatchProxy derives from it. Equal when they refer to the same endpoint.
/// </summary>
internal class ObserverReferenceProxy : DispatchProxy, IObserverReference
{
    private InterfaceDescriptor _interface = null!;

    public Guid ObserverId => Endpoint.ObserverId;

    internal ObserverEndpoint Endpoint { get; private set; } = null!;

    public static TObserver Create<TObserver>(InterfaceDescriptor descriptor, ObserverEndpoint endpoint)
    {
        var proxy = DispatchProxy.Create<TObserver, ObserverReferenceProxy>();
        var reference = (ObserverReferenceProxy)(object)proxy!;
        reference._interface = descriptor;
        reference.Endpoint = endpoint;
        return proxy;
    }

    public override bool Equals(object? obj) => obj is ObserverReferenceProxy other && other.ObserverId == ObserverId;

    public override int GetHashCode() => ObserverId.GetHashCode();

    public override string ToString() => _interface.InterfaceType.Name + "(observer " + ObserverId + ")";

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = _interface.GetMethod(targetMethod!);
        Task<object?> result;
        try
        {
            result = Endpoint.InvokeAsync(method, method.CopyArguments(args));
        }
        catch (Exception exception)
        {
            result = Task.FromException<object?>(exception);
        }

        return method.WrapReturn(result);
    }
}
