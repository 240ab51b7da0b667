using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansChat.Runtime.Configuration;
using OrleansChat.Runtime.Messaging;

namespace OrleansChat.Runtime.Catalog;

/// <summary>
/// The grain classes this silo hosts, built once from <see cref="GrainTypeOptions"/>. Building it validates every
/// grain class, every grain and observer interface of the registered assemblies and every interface named in their
/// signatures, and throws one <see cref="InvalidGrainInterfaceException"/> listing every problem.
/// </summary>
internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, GrainClassInfo> _byGrainType = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, List<GrainClassInfo>> _byInterface = [];

    public GrainTypeRegistry(IOptions<GrainTypeOptions> options)
    {
        var problems = new List<string>();
        var interfaces = new HashSet<Type>();
        var scannedAssemblies = new HashSet<Assembly>();
        var classes = new List<Type>();
        foreach (var assembly in options.Value.Assemblies.Distinct())
        {
            var grainClasses = assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(Grain).IsAssignableFrom(t)).ToList();
            classes.AddRange(grainClasses);
            scannedAssemblies.Add(assembly);
            scannedAssemblies.UnionWith(grainClasses.SelectMany(GrainInterfacesOf).Select(i => i.Assembly));
        }

        classes.AddRange(options.Value.GrainClasses);
        foreach (var assembly in scannedAssemblies)
        {
            interfaces.UnionWith(assembly.GetTypes().Where(IsGrainOrObserverInterface));
        }

        foreach (var classType in classes.Distinct())
        {
            if (Describe(classType, problems) is { } info)
            {
                Add(info, problems);
                interfaces.UnionWith(info.Interfaces);
            }
        }

        ValidateInterfaces(interfaces, problems);
        if (problems.Count > 0)
        {
            throw new InvalidGrainInterfaceException(problems);
        }
    }

    public IReadOnlyCollection<GrainClassInfo> Classes => _byGrainType.Values;

    /// <summary>The grain class behind a grain interface.</summary>
    /// <exception cref="ArgumentException">No class, or several, implement the interface.</exception>
    public GrainClassInfo ResolveClass(Type grainInterface)
    {
        if (!_byInterface.TryGetValue(grainInterface, out var candidates))
        {
            throw new ArgumentException(
                "No registered grain class implements " + TypeNames.Full(grainInterface) + "; register it with services.AddGrains(...).",
                nameof(grainInterface));
        }

        if (candidates.Count > 1)
        {
            throw new ArgumentException(
                TypeNames.Full(grainInterface) + " is implemented by several grain classes (" + string.Join(", ", candidates.Select(c => c.ClassType.Name))
                + "); ask for a more specific interface.",
                nameof(grainInterface));
        }

        return candidates[0];
    }

    /// <summary>The grain class of a grain type name.</summary>
    public GrainClassInfo GetByGrainType(string grainType) =>
        _byGrainType.TryGetValue(grainType, out var info)
            ? info
            : throw new ArgumentException("No grain class is registered for grain type '" + grainType + "'.", nameof(grainType));

    private static bool IsGrainOrObserverInterface(Type type) =>
        type.IsInterface && type != typeof(IGrain) && type != typeof(IGrainWithStringKey) && type != typeof(IGrainObserver)
        && (typeof(IGrain).IsAssignableFrom(type) || typeof(IGrainObserver).IsAssignableFrom(type));

    private static IEnumerable<Type> GrainInterfacesOf(Type classType) =>
        classType.GetInterfaces().Where(i => typeof(IGrain).IsAssignableFrom(i) && i != typeof(IGrain) && i != typeof(IGrainWithStringKey));

    private static string DefaultGrainType(Type classType)
    {
        var name = classType.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > "Grain".Length)
        {
            name = name[..^"Grain".Length];
        }

        return name.ToLowerInvariant();
    }

    private static GrainClassInfo? Describe(Type classType, List<string> problems)
    {
        var name = TypeNames.Full(classType);
        if (!classType.IsClass || classType.IsAbstract || classType.ContainsGenericParameters || !typeof(Grain).IsAssignableFrom(classType))
        {
            problems.Add(name + " is not a grain class: it must be a concrete, non-generic class deriving from Grain.");
            return null;
        }

        var interfaces = GrainInterfacesOf(classType).ToList();
        if (interfaces.Count == 0)
        {
            problems.Add(name + " implements no grain interface (an interface extending IGrainWithStringKey).");
            return null;
        }

        var states = DescribeStates(classType, problems);
        if (states is null)
        {
            return null;
        }

        var grainType = classType.GetCustomAttribute<GrainTypeAttribute>()?.GrainType ?? DefaultGrainType(classType);
        ObjectFactory factory;
        try
        {
            factory = ActivatorUtilities.CreateFactory(classType, states.Select(s => s.ParameterType).ToArray());
        }
        catch (InvalidOperationException exception)
        {
            problems.Add(name + ": no usable public constructor (" + exception.Message + ").");
            return null;
        }

        return new GrainClassInfo(classType, grainType, interfaces, states, factory);
    }

    private static List<PersistentStateParameter>? DescribeStates(Type classType, List<string> problems)
    {
        var name = TypeNames.Full(classType);
        var constructors = classType.GetConstructors()
            .Select(c => c.GetParameters().Where(p => p.GetCustomAttribute<PersistentStateAttribute>() is not null).ToList())
            .Where(parameters => parameters.Count > 0)
            .ToList();
        if (constructors.Count > 1)
        {
            problems.Add(name + ": only one public constructor may take [PersistentState] parameters.");
            return null;
        }

        var states = new List<PersistentStateParameter>();
        foreach (var parameter in constructors.SingleOrDefault() ?? [])
        {
            var attribute = parameter.GetCustomAttribute<PersistentStateAttribute>()!;
            var type = parameter.ParameterType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                problems.Add(name + ": [PersistentState] parameter '" + parameter.Name + "' must be of type IPersistentState<TState>, not " + TypeNames.Full(type) + ".");
                continue;
            }

            if (states.Any(s => s.ParameterType == type))
            {
                problems.Add(name + ": two [PersistentState] parameters have type " + TypeNames.Short(type) + "; give each state its own message type.");
                continue;
            }

            if (states.Any(s => s.StateName == attribute.StateName))
            {
                problems.Add(name + ": two [PersistentState] parameters are named '" + attribute.StateName + "'.");
                continue;
            }

            states.Add(new PersistentStateParameter(parameter, attribute, type.GetGenericArguments()[0]));
        }

        return states;
    }

    private static void ValidateInterfaces(HashSet<Type> interfaces, List<string> problems)
    {
        var pending = new Queue<Type>(interfaces);
        var seen = new HashSet<Type>(interfaces);
        while (pending.TryDequeue(out var interfaceType))
        {
            var found = GrainInterfaceValidator.Validate(interfaceType);
            problems.AddRange(found);
            if (found.Count > 0)
            {
                continue;
            }

            foreach (var referenced in GrainInterfaceValidator.ReferencedInterfaces(interfaceType))
            {
                if (seen.Add(referenced))
                {
                    pending.Enqueue(referenced);
                }
            }
        }
    }

    private void Add(GrainClassInfo info, List<string> problems)
    {
        if (_byGrainType.TryGetValue(info.GrainType, out var existing))
        {
            problems.Add("Grain classes " + TypeNames.Full(existing.ClassType) + " and " + TypeNames.Full(info.ClassType)
                + " share the grain type '" + info.GrainType + "'; rename one with [GrainType(\"...\")].");
            return;
        }

        _byGrainType[info.GrainType] = info;
        foreach (var grainInterface in info.Interfaces)
        {
            if (!_byInterface.TryGetValue(grainInterface, out var list))
            {
                _byInterface[grainInterface] = list = [];
            }

            list.Add(info);
        }
    }
}
