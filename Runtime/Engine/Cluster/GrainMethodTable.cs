using OrleansChat.Runtime.Catalog;
using OrleansChat.Runtime.Cluster.Protocol;
using OrleansChat.Runtime.Messaging;

namespace OrleansChat.Runtime.Cluster;

/// <summary>
/// The methods this silo can run for callers on other nodes, by (declaring interface full name, method key), and the
/// manifest cluster clients read (grain interface full name → grain type). Built once from the grain classes.
/// </summary>
internal sealed class GrainMethodTable
{
    private readonly Dictionary<(string Interface, string Method), MethodWireInfo> _methods = [];

    public GrainMethodTable(GrainTypeRegistry registry)
    {
        var interfaces = new HashSet<Type>();
        foreach (var grainClass in registry.Classes)
        {
            foreach (var grainInterface in grainClass.Interfaces)
            {
                Manifest.Interfaces.Add(new ManifestEntry
                {
                    InterfaceName = grainInterface.FullName ?? grainInterface.Name,
                    GrainType = grainClass.GrainType,
                });
                interfaces.Add(grainInterface);
            }
        }

        foreach (var grainInterface in interfaces)
        {
            foreach (var method in InterfaceDescriptor.Get(grainInterface).Methods)
            {
                var wire = MethodWireInfo.For(method);
                _methods.TryAdd((wire.InterfaceName, wire.MethodKey), wire);
            }
        }
    }

    /// <summary>Every hosted grain interface and its grain type.</summary>
    public Manifest Manifest { get; } = new();

    /// <summary>The method a request names.</summary>
    /// <exception cref="InvalidOperationException">This silo has no such method (the nodes run different builds).</exception>
    public MethodWireInfo Resolve(GrainRequest request) =>
        _methods.TryGetValue((request.InterfaceName, request.Method), out var method)
            ? method
            : throw new InvalidOperationException(
                "Silo has no grain method " + request.InterfaceName + "." + request.Method + " (grain " + request.GrainType + "/" + request.GrainKey
                + "); the caller and this silo run different builds, or the grain class is not registered here.");
}
