using System.Reflection;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// The runtime-generated implementation of a grain interface (via <see cref="DispatchProxy"/>): each call copies its
/// arguments and goes to an <see cref="IGrainCallInvoker"/>. Not sealed because DispatchProxy derives from it.
/// Two references to the same grain are equal.
/// </summary>
internal class GrainReferenceProxy : DispatchProxy, IGrainReference
{
    private InterfaceDescriptor _interface = null!;
    private IGrainCallInvoker _invoker = null!;

    public GrainId GrainId { get; private set; }

    /// <summary>The full name of the interface the reference was made for.</summary>
    public string InterfaceName => _interface.InterfaceType.FullName ?? _interface.InterfaceType.Name;

    public static TGrainInterface Create<TGrainInterface>(GrainId grainId, InterfaceDescriptor descriptor, IGrainCallInvoker invoker)
    {
        var proxy = DispatchProxy.Create<TGrainInterface, GrainReferenceProxy>();
        var reference = (GrainReferenceProxy)(object)proxy!;
        reference.GrainId = grainId;
        reference._interface = descriptor;
        reference._invoker = invoker;
        return proxy;
    }

    public override bool Equals(object? obj) => obj is GrainReferenceProxy other && other.GrainId == GrainId;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => _interface.InterfaceType.Name + "(" + GrainId + ")";

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = _interface.GetMethod(targetMethod!);
        Task<object?> result;
        try
        {
            var arguments = method.CopyArguments(args);
            result = _invoker.InvokeAsync(GrainId, method, arguments, method.GetCancellationToken(arguments));
        }
        catch (Exception exception)
        {
            result = Task.FromException<object?>(exception);
        }

        return method.WrapReturn(result);
    }
}
