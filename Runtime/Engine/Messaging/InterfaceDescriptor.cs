using System.Collections.Concurrent;
using System.Reflection;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// A validated grain or observer interface and its method descriptors. <see cref="Get"/> validates an
/// interface once and caches the outcome (success or the <see cref="InvalidGrainInterfaceException"/>).
/// </summary>
internal sealed class InterfaceDescriptor
{
    private static readonly ConcurrentDictionary<Type, Lazy<InterfaceDescriptor>> Cache = new();

    private readonly Dictionary<MethodInfo, GrainMethodDescriptor> _methods;

    private InterfaceDescriptor(Type interfaceType, Dictionary<MethodInfo, GrainMethodDescriptor> methods)
    {
        InterfaceType = interfaceType;
        _methods = methods;
    }

    public Type InterfaceType { get; }

    public IEnumerable<GrainMethodDescriptor> Methods => _methods.Values;

    /// <summary>The validated descriptor of <paramref name="interfaceType"/>.</summary>
    /// <exception cref="InvalidGrainInterfaceException">The interface breaks the rules.</exception>
    public static InterfaceDescriptor Get(Type interfaceType) =>
        Cache.GetOrAdd(interfaceType, static type => new Lazy<InterfaceDescriptor>(() => Create(type))).Value;

    public GrainMethodDescriptor GetMethod(MethodInfo method) =>
        _methods.TryGetValue(method, out var descriptor)
            ? descriptor
            : throw new InvalidOperationException("Method " + method.Name + " is not part of " + InterfaceType.Name + ".");

    private static InterfaceDescriptor Create(Type interfaceType)
    {
        var problems = GrainInterfaceValidator.Validate(interfaceType);
        if (problems.Count > 0)
        {
            throw new InvalidGrainInterfaceException(problems);
        }

        var methods = new Dictionary<MethodInfo, GrainMethodDescriptor>();
        foreach (var method in GrainInterfaceValidator.GetCallableMethods(interfaceType))
        {
            var (kind, resultType) = GrainInterfaceValidator.ClassifyReturn(method.ReturnType)!.Value;
            methods[method] = new GrainMethodDescriptor(method, kind, resultType);
        }

        return new InterfaceDescriptor(interfaceType, methods);
    }
}
