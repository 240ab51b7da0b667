using System.Reflection;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// Checks that a grain or observer interface only has methods whose calls can cross silos, and reports
/// each problem with the method's signature, e.g.
/// "IBadGrain.Foo(Stream s): parameter 's' of type System.IO.Stream cannot cross silos; use a protobuf message or a simple value".
/// </summary>
internal static class GrainInterfaceValidator
{
    private const string Advice = "; use a protobuf message or a simple value";

    /// <summary>Every problem of <paramref name="interfaceType"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Validate(Type interfaceType)
    {
        var problems = new List<string>();
        var name = TypeNames.Short(interfaceType);
        if (!interfaceType.IsInterface)
        {
            problems.Add(TypeNames.Full(interfaceType) + " is not an interface; grain references are made from interfaces.");
            return problems;
        }

        if (interfaceType.IsGenericType)
        {
            problems.Add(name + ": generic grain and observer interfaces are not supported.");
            return problems;
        }

        var isObserver = typeof(IGrainObserver).IsAssignableFrom(interfaceType);
        var isGrain = typeof(IGrain).IsAssignableFrom(interfaceType);
        if (isObserver == isGrain)
        {
            problems.Add(name + ": an interface must extend exactly one of IGrainWithStringKey and IGrainObserver.");
        }
        else if (isGrain && !typeof(IGrainWithStringKey).IsAssignableFrom(interfaceType))
        {
            problems.Add(name + ": grain interfaces must extend IGrainWithStringKey (all grains are string-keyed).");
        }

        foreach (var method in AllMethods(interfaceType))
        {
            ValidateMethod(method, problems);
        }

        return problems;
    }

    /// <summary>The interface's methods that proxies implement (its own and those inherited from other interfaces).</summary>
    public static IEnumerable<MethodInfo> GetCallableMethods(Type interfaceType) =>
        AllMethods(interfaceType).Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition);

    /// <summary>Grain and observer interfaces named in the interface's method signatures.</summary>
    public static IEnumerable<Type> ReferencedInterfaces(Type interfaceType) =>
        GetCallableMethods(interfaceType)
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(ClassifyReturn(m.ReturnType)?.ResultType))
            .Select(t => t is null ? null : CallTypeRules.ListElementType(t) ?? t)
            .Where(t => t is not null && CallTypeRules.IsReference(t) && t != typeof(IGrainObserver) && t != typeof(IGrainWithStringKey) && t != typeof(IGrain))
            .Select(t => t!)
            .Distinct();

    /// <summary>The return shape, or null when the type is not Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
    public static (ReturnKind Kind, Type? ResultType)? ClassifyReturn(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return (ReturnKind.Task, null);
        }

        if (returnType == typeof(ValueTask))
        {
            return (ReturnKind.ValueTask, null);
        }

        if (returnType.IsGenericType)
        {
            var definition = returnType.GetGenericTypeDefinition();
            if (definition == typeof(Task<>))
            {
                return (ReturnKind.TaskOfT, returnType.GetGenericArguments()[0]);
            }

            if (definition == typeof(ValueTask<>))
            {
                return (ReturnKind.ValueTaskOfT, returnType.GetGenericArguments()[0]);
            }
        }

        return null;
    }

    private static IEnumerable<MethodInfo> AllMethods(Type interfaceType) =>
        interfaceType.GetInterfaces()
            .Prepend(interfaceType)
            .SelectMany(i => i.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly));

    private static void ValidateMethod(MethodInfo method, List<string> problems)
    {
        var owner = TypeNames.Short(method.DeclaringType!);
        if (method.IsSpecialName)
        {
            problems.Add(owner + "." + method.Name + ": properties and events cannot be part of a grain or observer interface; use methods.");
            return;
        }

        var parameters = method.GetParameters();
        var signature = owner + "." + method.Name + "("
            + string.Join(", ", parameters.Select(p => TypeNames.Short(p.ParameterType) + " " + p.Name)) + ")";
        if (method.IsGenericMethodDefinition)
        {
            problems.Add(signature + ": generic methods cannot cross silos.");
            return;
        }

        if (ClassifyReturn(method.ReturnType) is not { } shape)
        {
            problems.Add(signature + ": return type " + TypeNames.Full(method.ReturnType)
                + " is not allowed; grain and observer methods return Task, Task<T>, ValueTask or ValueTask<T>.");
        }
        else if (shape.ResultType is { } resultType && !CallTypeRules.IsAllowed(resultType))
        {
            problems.Add(signature + ": result type " + TypeNames.Full(resultType) + " cannot cross silos" + Advice + ".");
        }

        foreach (var parameter in parameters)
        {
            var type = parameter.ParameterType;
            if (type.IsByRef)
            {
                problems.Add(signature + ": parameter '" + parameter.Name + "' is passed by reference (ref, out or in), which cannot cross silos.");
            }
            else if (type != typeof(CancellationToken) && !CallTypeRules.IsAllowed(type))
            {
                problems.Add(signature + ": parameter '" + parameter.Name + "' of type " + TypeNames.Full(type) + " cannot cross silos" + Advice + ".");
            }
        }
    }
}
